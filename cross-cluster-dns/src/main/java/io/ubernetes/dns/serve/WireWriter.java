package io.ubernetes.dns.serve;

import io.ubernetes.dns.records.RData;
import io.ubernetes.dns.records.ResourceRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes the records of one answer in wire format (RFC 1035 4.1.3) with name compression, knowing
 * where in the message they will sit: after the 12-byte header and the question, whose name is
 * registered first so that owner names point back to it.
 */
final class WireWriter {
  static final int HEADER = 12;
  private static final int MAX_POINTER = 0x3FFF;

  private final Buffer out = new Buffer();
  private final Map<String, Integer> offsets = new HashMap<>();
  private final int base;
  private final boolean compress;

  /** A writer for the records after a question for {@code qname} (its wire length known). */
  WireWriter(String qname) {
    this.base = HEADER + wireLength(qname) + 4;
    this.compress = true;
    register(qname, HEADER);
  }

  private WireWriter() {
    this.base = 0;
    this.compress = false;
  }

  /** A writer whose records can go anywhere in a message: no name is compressed. */
  static WireWriter uncompressed() {
    return new WireWriter();
  }

  /** Wire length of a name without the final dot: its labels and their lengths, and the root. */
  static int wireLength(String name) {
    return name.isEmpty() ? 1 : name.length() + 2;
  }

  private void register(String name, int offset) {
    String suffix = name;
    int at = offset;
    while (!suffix.isEmpty()) {
      offsets.putIfAbsent(suffix, at);
      int dot = suffix.indexOf('.');
      if (dot < 0) {
        break;
      }
      at += dot + 1;
      suffix = suffix.substring(dot + 1);
    }
  }

  void record(ResourceRecord record) {
    name(record.name());
    RData data = record.data();
    short16(data.type().code());
    short16(1); // class IN
    int32(record.ttl());
    int lengthAt = out.size();
    short16(0);
    switch (data) {
      case RData.A a -> out.writeBytes(a.address().getAddress());
      case RData.Aaaa aaaa -> out.writeBytes(aaaa.address().getAddress());
      case RData.Cname cname -> name(cname.target());
      case RData.Ns ns -> name(ns.host());
      case RData.Srv srv -> {
        short16(srv.priority());
        short16(srv.weight());
        short16(srv.port());
        // RFC 2782: the target is not compressed.
        uncompressed(srv.target());
      }
      case RData.Soa soa -> {
        name(soa.mname());
        name(soa.rname());
        int32((int) soa.serial());
        int32(soa.refresh());
        int32(soa.retry());
        int32(soa.expire());
        int32(soa.minimum());
      }
    }
    out.patch16(lengthAt, out.size() - lengthAt - 2);
  }

  private void name(String name) {
    if (!compress) {
      uncompressed(name);
      return;
    }
    String suffix = name;
    while (!suffix.isEmpty()) {
      Integer known = offsets.get(suffix);
      if (known != null) {
        short16(0xC000 | known);
        return;
      }
      int position = base + out.size();
      if (position <= MAX_POINTER) {
        offsets.put(suffix, position);
      }
      int dot = suffix.indexOf('.');
      String label = dot < 0 ? suffix : suffix.substring(0, dot);
      label(label);
      suffix = dot < 0 ? "" : suffix.substring(dot + 1);
    }
    out.write(0);
  }

  private void uncompressed(String name) {
    for (String label : name.split("\\.")) {
      label(label);
    }
    out.write(0);
  }

  private void label(String label) {
    byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
    out.write(bytes.length);
    out.writeBytes(bytes);
  }

  private void short16(int value) {
    out.write(value >> 8);
    out.write(value);
  }

  private void int32(int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  /** A byte stream whose RDLENGTH fields can be filled in once their data is written. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(128);
    }

    void patch16(int at, int value) {
      buf[at] = (byte) (value >> 8);
      buf[at + 1] = (byte) value;
    }
  }
}
