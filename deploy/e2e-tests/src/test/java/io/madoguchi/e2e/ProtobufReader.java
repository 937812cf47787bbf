package io.madoguchi.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the protobuf wire format field by field: enough to decode the OTLP messages the receiver takes without the
 * generated classes (the published ones need another protobuf runtime than the one the Quarkus BOM pins).
 */
final class ProtobufReader {

    private final byte[] bytes;
    private int position;
    private final int limit;
    private int field;
    private int wireType;

    ProtobufReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    private ProtobufReader(byte[] bytes, int from, int limit) {
        this.bytes = bytes;
        this.position = from;
        this.limit = limit;
    }

    /** Moves to the next field; false at the end of the message. */
    boolean next() {
        if (position >= limit) {
            return false;
        }
        long tag = varint();
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        return true;
    }

    int field() {
        return field;
    }

    long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = bytes[position++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    byte[] bytes() {
        int length = (int) varint();
        byte[] value = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return value;
    }

    String string() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** The current field, a length-delimited message, as a reader of its own. */
    ProtobufReader message() {
        int length = (int) varint();
        ProtobufReader message = new ProtobufReader(bytes, position, position + length);
        position += length;
        return message;
    }

    void skip() {
        switch (wireType) {
            case 0 -> varint();
            case 1 -> position += 8;
            case 2 -> {
                int length = (int) varint(); // read before position, which it moves
                position += length;
            }
            case 5 -> position += 4;
            default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
        }
    }
}
