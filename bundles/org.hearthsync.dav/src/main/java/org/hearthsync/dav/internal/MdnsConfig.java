package org.hearthsync.dav.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Hearth on the home network (mDNS/DNS-SD)",
        description = "Announces the CalDAV and CardDAV service and the setup page on the LAN over multicast DNS, so "
                + "computers and tablets (macOS, GNOME, DAVx5) find Hearth without typing an address.")
@interface MdnsConfig {

    @AttributeDefinition(name = "Announce on the home network",
            description = "Off sends nothing at all; turning it off withdraws the announcements.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Name shown to other computers",
            description = "Empty: 'Hearth on' and this computer's name.")
    String name() default "";
}
