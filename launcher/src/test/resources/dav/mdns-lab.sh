#!/bin/bash
# A two-computer LAN in network namespaces, for checking Hearth's mDNS/DNS-SD announcements with Avahi.
#
#   LAB-pc   192.168.79.20  Hearth runs here (its default route points at a router that is not there: the
#            route only tells Hearth which adapter is the LAN one; nothing is sent to it)
#     | veth
#   LAB-lan  192.168.79.33  another computer: its own D-Bus system bus and avahi-daemon, and avahi-browse
#
# Nothing leaves the namespaces. The avahi-daemon runs in a mount namespace of its own (a private
# /run/avahi-daemon), so it never meets the machine's own Avahi or another lab's.
#
# usage: mdns-lab.sh LAB up | down | avahi-start | browse TYPE | ns NAME
set -euo pipefail

LAB=${1:?lab name}
CMD=${2:?command}
shift 2
STATE=/tmp/mdns-lab-$LAB
PC=$LAB-pc LAN=$LAB-lan

in_ns() { ip netns exec "$1" "${@:2}"; }

down() {
    for ns in "$LAN" "$PC"; do
        ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
        ip netns del "$ns" 2>/dev/null || true
    done
    rm -rf "$STATE"
}

up() {
    down
    mkdir -p "$STATE"
    trap 'echo "lab setup failed; tearing down" >&2; down' ERR
    for ns in "$PC" "$LAN"; do
        ip netns add "$ns"
        in_ns "$ns" ip link set lo up
    done
    ip link add "$LAB-a" type veth peer name "$LAB-b"
    ip link set "$LAB-a" netns "$PC" name eth0
    ip link set "$LAB-b" netns "$LAN" name eth0
    in_ns "$PC" ip addr add 192.168.79.20/24 dev eth0
    in_ns "$LAN" ip addr add 192.168.79.33/24 dev eth0
    in_ns "$PC" ip link set eth0 up multicast on
    in_ns "$LAN" ip link set eth0 up multicast on
    in_ns "$PC" ip route add default via 192.168.79.1
    in_ns "$LAN" ip route add default via 192.168.79.1
    cat > "$STATE/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$STATE/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
CONF
    cat > "$STATE/avahi.conf" <<CONF
[server]
host-name=lanbox
use-ipv4=yes
use-ipv6=no
allow-interfaces=eth0
enable-dbus=yes
[wide-area]
enable-wide-area=no
[publish]
disable-publishing=yes
[reflector]
[rlimits]
CONF
    trap - ERR
}

avahi_start() {
    in_ns "$LAN" unshare -m bash -c "
        set -e
        mkdir -p /run/avahi-daemon
        mount -t tmpfs tmpfs /run/avahi-daemon
        dbus-daemon --config-file='$STATE/bus.conf' --fork --print-pid > '$STATE/dbus.pid'
        for i in \$(seq 50); do [ -S '$STATE/bus' ] && break; sleep 0.1; done
        DBUS_SYSTEM_BUS_ADDRESS='unix:path=$STATE/bus' avahi-daemon -f '$STATE/avahi.conf' --no-drop-root \
            --no-chroot --no-rlimits -D
    "
    for i in $(seq 100); do
        if DBUS_SYSTEM_BUS_ADDRESS="unix:path=$STATE/bus" in_ns "$LAN" avahi-browse -pt _nothing._tcp >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
    done
    echo "avahi-daemon did not come up on the lab's bus" >&2
    exit 4
}

case "$CMD" in
    up) up ;;
    down) down ;;
    avahi-start) avahi_start ;;
    # -r resolves (host, address, port, TXT), -p parseable lines, -t ends once the list is complete
    browse) DBUS_SYSTEM_BUS_ADDRESS="unix:path=$STATE/bus" in_ns "$LAN" avahi-browse -rpt "${1:?service type}" ;;
    ns) echo "$LAB-${1:?pc or lan}" ;;
    *) echo "unknown command $CMD" >&2; exit 2 ;;
esac
