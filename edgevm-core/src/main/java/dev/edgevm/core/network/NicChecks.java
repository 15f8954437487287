package dev.edgevm.core.network;

import dev.edgevm.core.Violations;

final class NicChecks {

    private NicChecks() {}

    static void mac(Violations v, MacAddress mac) {
        if (!mac.isUnicast()) {
            v.add("macAddress", mac + " is a multicast address; a NIC needs a unicast one (first octet even)");
        } else if (mac.isZero()) {
            v.add("macAddress", "00:00:00:00:00:00 is not a usable address");
        }
    }
}
