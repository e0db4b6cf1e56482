package dev.cachegate.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IP address or a CIDR block ({@code 172.16.0.0/12}, {@code ::1/128}).
 *
 * @param network the block's address
 * @param bits    its prefix length
 */
public record AddressBlock(InetAddress network, int bits) {

    /**
     * @param text an address or {@code address/prefix}, as literals (no name is looked up)
     * @return the block, or empty when the text is not one
     */
    public static Optional<AddressBlock> parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!address.matches("[0-9a-fA-F:.]{2,45}")) {
            return Optional.empty();
        }
        try {
            InetAddress network = InetAddress.getByName(address);
            int max = network.getAddress().length * 8;
            int bits = slash < 0 ? max : Integer.parseInt(text.substring(slash + 1));
            return bits < 0 || bits > max ? Optional.empty() : Optional.of(new AddressBlock(network, bits));
        } catch (UnknownHostException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * @param address an address
     * @return whether it lies in this block
     */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        for (int bit = 0; bit < bits; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((a[bit / 8] & mask) != (n[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
