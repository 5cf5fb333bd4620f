package io.ubernetes.dns.serve;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The zone's names in wire format and lower case, found straight from the bytes of a query: the
 * question is hashed while it is parsed and compared in place, so a lookup builds no string and
 * allocates nothing. Open addressing with linear probing, at most half full; immutable once built.
 */
final class NameTable {
  private final int[] hashes;
  private final byte[][] names;
  private final Snapshot.Entry[] entries;
  private final int mask;

  NameTable(Map<String, Snapshot.Entry> byName) {
    int capacity = Integer.highestOneBit(Math.max(2, byName.size()) * 2 - 1) << 1;
    hashes = new int[capacity];
    names = new byte[capacity][];
    entries = new Snapshot.Entry[capacity];
    mask = capacity - 1;
    byName.forEach(
        (name, entry) -> {
          byte[] wire = wire(name);
          int hash = hash(wire);
          int slot = slot(hash);
          while (names[slot] != null) {
            slot = (slot + 1) & mask;
          }
          hashes[slot] = hash;
          names[slot] = wire;
          entries[slot] = entry;
        });
  }

  /** The running hash after one more byte of a name: its ASCII letters count in lower case. */
  static int hash(int hash, int octet) {
    return 31 * hash + lower(octet);
  }

  /**
   * The entry of the name whose wire form, {@code length} bytes from {@code offset} of {@code
   * message}, hashes to {@code hash}; null when the zone has no such name.
   */
  Snapshot.Entry find(ByteBuf message, int offset, int length, int hash) {
    for (int slot = slot(hash); ; slot = (slot + 1) & mask) {
      byte[] name = names[slot];
      if (name == null) {
        return null;
      }
      // The hashes sit side by side: a slot of another name rarely costs a look at its bytes.
      if (hashes[slot] == hash && name.length == length && matches(name, message, offset)) {
        return entries[slot];
      }
    }
  }

  /**
   * Whether the name of {@code wire} (its length bytes included) is the same name as {@code length}
   * bytes from {@code offset} of {@code message}, letters compared without case.
   */
  static boolean matches(byte[] wire, ByteBuf message, int offset) {
    for (int i = 0; i < wire.length; i++) {
      if ((wire[i] & 0xFF) != lower(message.getByte(offset + i))) {
        return false;
      }
    }
    return true;
  }

  /** A name without its final dot ({@code ""} for the root) in wire format, in lower case. */
  static byte[] wire(String name) {
    byte[] text = name.getBytes(StandardCharsets.US_ASCII);
    byte[] wire = new byte[WireWriter.wireLength(name)];
    int label = 0;
    for (int i = 0; i < text.length; i++) {
      if (text[i] == '.') {
        label = i + 1;
      } else {
        wire[i + 1] = (byte) lower(text[i]);
        wire[label]++;
      }
    }
    return wire;
  }

  static int hash(byte[] wire) {
    int hash = 0;
    for (byte octet : wire) {
      hash = hash(hash, octet);
    }
    return hash;
  }

  private int slot(int hash) {
    return (hash ^ (hash >>> 16)) & mask;
  }

  private static int lower(int octet) {
    int b = octet & 0xFF;
    return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
  }
}
