#!/bin/bash
# A home network in network namespaces, for testing Hearth's UPnP client against a real IGD (miniupnpd).
#
#   LAB-inet   "the Internet": one host, 11.22.33.2, no route anywhere else
#      | veth  11.22.33.0/24 (a public-looking address that exists only inside these namespaces:
#      |        Debian's miniupnpd refuses a private or reserved WAN address)
#   LAB-router miniupnpd + nftables; WAN 11.22.33.1, LAN bridge 192.168.77.1/24
#      | bridge
#   LAB-home   "the home PC" 192.168.77.20 (Hearth's client runs here)
#   LAB-other  another computer on the LAN, 192.168.77.33 (takes a port first: UPnP 718)
#
# Nothing leaves the namespaces: they have no link to the host's interfaces, and every address is
# one of the hosts created here.
#
# usage: igd-lab.sh LAB up | down | igd-start [open|strict] [v1|v2] | igd-stop | igd-restart | ns NAME
#   LAB is a short prefix (at most 8 characters) naming this lab's namespaces.
set -euo pipefail

LAB=${1:?lab name}
CMD=${2:?command}
shift 2
STATE=/tmp/igd-lab-$LAB
R=$LAB-router H=$LAB-home O=$LAB-other I=$LAB-inet

need() {
    local missing=""
    for t in ip nft miniupnpd upnpc; do
        command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
    done
    if [ -n "$missing" ]; then
        echo "missing tools:$missing (Debian packages: iproute2 nftables miniupnpd miniupnpd-nftables miniupnpc)" >&2
        exit 3
    fi
}

in_ns() { ip netns exec "$1" "${@:2}"; }

down() {
    if [ -f "$STATE/miniupnpd.pid" ]; then
        kill "$(cat "$STATE/miniupnpd.pid")" 2>/dev/null || true
    fi
    for ns in "$H" "$O" "$I" "$R"; do
        ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
        ip netns del "$ns" 2>/dev/null || true
    done
    rm -rf "$STATE"
}

up() {
    need
    down
    mkdir -p "$STATE"
    trap 'echo "lab setup failed; tearing down" >&2; down' ERR
    for ns in "$R" "$H" "$O" "$I"; do
        ip netns add "$ns"
        in_ns "$ns" ip link set lo up
    done
    # WAN: router <-> Internet host
    ip link add "$LAB-w0" type veth peer name "$LAB-w1"
    ip link set "$LAB-w0" netns "$R" name wan0
    ip link set "$LAB-w1" netns "$I" name eth0
    in_ns "$R" ip addr add 11.22.33.1/24 dev wan0
    in_ns "$I" ip addr add 11.22.33.2/24 dev eth0
    in_ns "$R" ip link set wan0 up
    in_ns "$I" ip link set eth0 up
    # LAN: a bridge in the router, one veth per computer
    in_ns "$R" ip link add br0 type bridge
    in_ns "$R" ip addr add 192.168.77.1/24 dev br0
    in_ns "$R" ip link set br0 up
    local n=0
    for pair in "$H:192.168.77.20" "$O:192.168.77.33"; do
        local ns=${pair%%:*} addr=${pair#*:}
        ip link add "$LAB-l$n" type veth peer name "$LAB-p$n"
        ip link set "$LAB-l$n" netns "$R" name "lan$n"
        ip link set "$LAB-p$n" netns "$ns" name eth0
        in_ns "$R" ip link set "lan$n" master br0 up
        in_ns "$ns" ip addr add "$addr/24" dev eth0
        in_ns "$ns" ip link set eth0 up
        in_ns "$ns" ip route add default via 192.168.77.1
        n=$((n + 1))
    done
    in_ns "$R" ip route add default via 11.22.33.2
    in_ns "$R" sysctl -q -w net.ipv4.ip_forward=1
    # forwarding is closed except what miniupnpd opens (and the answers of allowed connections)
    in_ns "$R" nft -f - <<NFT
table inet hlab {
    chain forward {
        type filter hook forward priority 0; policy drop;
        ct state established,related accept
        jump miniupnpd
    }
    chain miniupnpd {
    }
    chain prerouting {
        type nat hook prerouting priority -100; policy accept;
        jump prerouting_miniupnpd
    }
    chain postrouting {
        type nat hook postrouting priority 100; policy accept;
        jump postrouting_miniupnpd
    }
    chain prerouting_miniupnpd {
    }
    chain postrouting_miniupnpd {
    }
}
NFT
    trap - ERR
    echo "lab $LAB up"
}

igd_start() {
    local rules=${1:-open} version=${2:-v2}
    local v1=no
    [ "$version" = v1 ] && v1=yes
    {
        echo "ext_ifname=wan0"
        echo "listening_ip=br0"
        echo "http_port=5000"
        echo "enable_natpmp=no"
        echo "enable_upnp=yes"
        echo "secure_mode=yes"
        echo "system_uptime=yes"
        echo "notify_interval=60"
        echo "force_igd_desc_v1=$v1"
        echo "friendly_name=Lab router"
        echo "uuid=7f0d3c8e-5a1b-4c2d-9e3f-0123456789ab"
        echo "upnp_table_name=hlab"
        echo "upnp_nat_table_name=hlab"
        echo "upnp_forward_chain=miniupnpd"
        echo "upnp_nat_chain=prerouting_miniupnpd"
        echo "upnp_nat_postrouting_chain=postrouting_miniupnpd"
        if [ "$rules" = strict ]; then
            # like Debian's example: unprivileged ports only, so 443 gets UPnP error 606
            echo "allow 1024-65535 192.168.77.0/24 1024-65535"
        else
            echo "allow 1-65535 192.168.77.0/24 1-65535"
        fi
        echo "deny 0-65535 0.0.0.0/0 0-65535"
    } >"$STATE/miniupnpd.conf"
    # a new BOOTID on every start, as a rebooted router has
    local bootid=$(( $(date +%s%N) / 1000000 % 2000000000 ))
    in_ns "$R" miniupnpd -d -f "$STATE/miniupnpd.conf" -P "$STATE/miniupnpd.pid" -b "$bootid" \
        >>"$STATE/miniupnpd.log" 2>&1 &
    for _ in $(seq 1 50); do
        if in_ns "$R" bash -c 'exec 3<>/dev/tcp/192.168.77.1/5000' 2>/dev/null; then
            echo "miniupnpd up ($rules, IGD $version, BOOTID $bootid)"
            return 0
        fi
        sleep 0.1
    done
    echo "miniupnpd did not start:" >&2
    cat "$STATE/miniupnpd.log" >&2
    exit 1
}

igd_stop() {
    if [ -f "$STATE/miniupnpd.pid" ]; then
        local pid
        pid=$(cat "$STATE/miniupnpd.pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        rm -f "$STATE/miniupnpd.pid"
    fi
    # a router that lost power keeps nothing
    for c in miniupnpd prerouting_miniupnpd postrouting_miniupnpd; do
        in_ns "$R" nft flush chain inet hlab "$c" 2>/dev/null || true
    done
    echo "miniupnpd stopped"
}

case "$CMD" in
up) up ;;
down) down; echo "lab $LAB down" ;;
igd-start) igd_start "$@" ;;
igd-stop) igd_stop ;;
igd-restart) igd_stop; igd_start "$@" ;;
*) echo "unknown command $CMD" >&2; exit 2 ;;
esac
