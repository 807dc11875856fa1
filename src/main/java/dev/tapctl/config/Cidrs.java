package dev.tapctl.config;

/** IPv4 CIDR arithmetic for splitting the VPC block into subnets. */
public final class Cidrs {
    private Cidrs() {}

    /** The {@code index}-th of the {@code 2^extraBits} equal blocks inside {@code cidr}. */
    public static String subnet(String cidr, int extraBits, int index) {
        String[] parts = cidr.split("/");
        int prefix = Integer.parseInt(parts[1]);
        long base = parse(parts[0]);
        int newPrefix = prefix + extraBits;
        if (newPrefix > 28 || index < 0 || index >= (1 << extraBits)) {
            throw new IllegalArgumentException("cannot carve block " + index + " of /" + newPrefix + " from " + cidr);
        }
        long size = 1L << (32 - newPrefix);
        return format(base + index * size, newPrefix);
    }

    static long parse(String address) {
        long value = 0;
        for (String octet : address.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }

    static String format(long address, int prefix) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
                + (address & 255) + "/" + prefix;
    }
}
