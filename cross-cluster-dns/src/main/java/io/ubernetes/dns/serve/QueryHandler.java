package io.ubernetes.dns.serve;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one DNS message. Parses only what it needs (the header, the one question, an EDNS OPT
 * record), looks the name up in the current snapshot and copies the precomputed answer out: no
 * per-query encoding, no locks, no I/O. Anything malformed gets FORMERR when its header carries an
 * id to answer; responses and runts get nothing, so the server cannot be made to reflect or loop.
 */
final class QueryHandler {
  private static final Logger log = LoggerFactory.getLogger(QueryHandler.class);
  static final int CLASSIC_UDP_LIMIT = 512;
  static final int TCP_LIMIT = 65535;
  private static final int OPT = 41;
  private static final int OPT_LENGTH = 11;
  private static final int MAX_NAME = 255;
  private static final int QR = 0x8000;
  private static final int AA = 0x0400;
  private static final int TC = 0x0200;
  private static final int RD = 0x0100;

  private final Supplier<Snapshot> snapshot;
  private final Stats stats;
  private final int maxUdpPayload;

  QueryHandler(Supplier<Snapshot> snapshot, Stats stats, int maxUdpPayload) {
    this.snapshot = snapshot;
    this.stats = stats;
    this.maxUdpPayload = Math.max(CLASSIC_UDP_LIMIT, Math.min(maxUdpPayload, TCP_LIMIT));
  }

  /** Thrown while parsing a malformed message: it gets FORMERR. */
  private static final class Malformed extends Exception {
    static final Malformed INSTANCE = new Malformed();

    private Malformed() {
      super("malformed", null, false, false);
    }
  }

  /**
   * The parsed question: where its name is in the query, not a copy of it.
   *
   * @param wireLength the name's length in wire format, the root's byte included
   * @param labels the name's labels, not counting the root
   * @param plain whether every byte is one zone names have (letters, digits, '-', '_'): only such
   *     names can exist in the zone
   * @param hash the name's {@link NameTable} hash
   */
  private record Question(
      int wireLength, int labels, boolean plain, int hash, int type, int qclass) {}

  /**
   * The response to {@code query}, or null when none is due. The query's reader index is left
   * alone.
   */
  ByteBuf respond(ByteBuf query, boolean tcp, ByteBufAllocator alloc) {
    int start = query.readerIndex();
    int end = start + query.readableBytes();
    if (end - start < WireWriter.HEADER) {
      stats.countDropped();
      return null;
    }
    int flags = query.getUnsignedShort(start + 2);
    if ((flags & QR) != 0) {
      stats.countDropped();
      return null;
    }
    try {
      return answer(query, start, end, flags, tcp, alloc);
    } catch (Malformed e) {
      return headerOnly(query, start, flags, Answer.FORMERR, alloc);
    } catch (RuntimeException e) {
      log.error("Failed to answer a query; answering SERVFAIL", e);
      return headerOnly(query, start, flags, Answer.SERVFAIL, alloc);
    }
  }

  private ByteBuf answer(
      ByteBuf query, int start, int end, int flags, boolean tcp, ByteBufAllocator alloc)
      throws Malformed {
    int opcode = (flags >> 11) & 0xF;
    if (opcode != 0) {
      return headerOnly(query, start, flags, Answer.NOTIMP, alloc);
    }
    if (query.getUnsignedShort(start + 4) != 1
        || query.getUnsignedShort(start + 6) != 0
        || query.getUnsignedShort(start + 8) != 0) {
      throw Malformed.INSTANCE;
    }
    Question question = question(query, start + WireWriter.HEADER, end);
    int position = start + WireWriter.HEADER + question.wireLength() + 4;
    // EDNS (RFC 6891): one OPT record in the additional section gives the client's UDP size.
    int udpSize = -1;
    int version = 0;
    int additional = query.getUnsignedShort(start + 10);
    for (int i = 0; i < additional; i++) {
      boolean root = position < end && query.getUnsignedByte(position) == 0;
      position = skipName(query, position, end);
      if (position + 10 > end) {
        throw Malformed.INSTANCE;
      }
      int type = query.getUnsignedShort(position);
      int rdLength = query.getUnsignedShort(position + 8);
      if (type == OPT) {
        if (udpSize >= 0 || !root) {
          throw Malformed.INSTANCE;
        }
        udpSize = query.getUnsignedShort(position + 2);
        version = query.getUnsignedByte(position + 5);
      }
      position += 10 + rdLength;
      if (position > end) {
        throw Malformed.INSTANCE;
      }
    }
    boolean edns = udpSize >= 0;
    int limit =
        tcp
            ? TCP_LIMIT
            : edns
                ? Math.max(CLASSIC_UDP_LIMIT, Math.min(udpSize, maxUdpPayload))
                : CLASSIC_UDP_LIMIT;

    Snapshot zone = snapshot.get();
    if (edns && version != 0) {
      return respond(
          query, start, flags, question, zone, Answer.BADVERS, false, null, edns, limit, alloc);
    }
    if ((question.qclass() != 1 && question.qclass() != 255)
        || !within(query, start + WireWriter.HEADER, question, zone)
        || question.type() == 251
        || question.type() == 252) {
      // Not ours to answer: another class, another zone, or a zone transfer (use the zone file
      // export instead).
      return respond(
          query, start, flags, question, zone, Answer.REFUSED, false, null, edns, limit, alloc);
    }
    Snapshot.Entry entry =
        question.plain()
            ? zone.entry(query, start + WireWriter.HEADER, question.wireLength(), question.hash())
            : null;
    if (entry == null) {
      return respond(
          query, start, flags, question, zone, Answer.NXDOMAIN, true, null, edns, limit, alloc);
    }
    Answer answer = entry.answer(question.type());
    return respond(
        query, start, flags, question, zone, answer.rcode(), true, answer, edns, limit, alloc);
  }

  /**
   * Reads the question's name: labels only, no compression (nothing precedes the question to point
   * at), at most 255 bytes, hashed as it is read. Names with bytes no zone name has are not {@code
   * plain}: they do not exist.
   */
  private static Question question(ByteBuf query, int position, int end) throws Malformed {
    int labels = 0;
    int wire = 0;
    int hash = 0;
    boolean plain = true;
    while (true) {
      if (position >= end) {
        throw Malformed.INSTANCE;
      }
      int length = query.getUnsignedByte(position++);
      wire++;
      hash = NameTable.hash(hash, length);
      if (length == 0) {
        break;
      }
      if ((length & 0xC0) != 0 || position + length > end || wire + length + 1 > MAX_NAME) {
        throw Malformed.INSTANCE;
      }
      labels++;
      for (int i = 0; i < length; i++) {
        int b = query.getUnsignedByte(position + i);
        if (!((b >= 'a' && b <= 'z')
            || (b >= 'A' && b <= 'Z')
            || (b >= '0' && b <= '9')
            || b == '-'
            || b == '_')) {
          plain = false;
        }
        hash = NameTable.hash(hash, b);
      }
      position += length;
      wire += length;
    }
    if (position + 4 > end) {
      throw Malformed.INSTANCE;
    }
    return new Question(
        wire,
        labels,
        plain,
        hash,
        query.getUnsignedShort(position),
        query.getUnsignedShort(position + 2));
  }

  /**
   * Whether the question's name, at {@code name} in the query, is the zone's apex or below it: its
   * last labels are the domain's, compared in wire format from a label's start (since a label of an
   * odd name may hold a dot).
   */
  private static boolean within(ByteBuf query, int name, Question question, Snapshot zone) {
    int skip = question.labels() - zone.domainLabels();
    if (skip < 0) {
      return false;
    }
    int position = name;
    for (int i = 0; i < skip; i++) {
      position += 1 + query.getUnsignedByte(position);
    }
    byte[] domain = zone.domainWire();
    return name + question.wireLength() - position == domain.length
        && NameTable.matches(domain, query, position);
  }

  private static int skipName(ByteBuf query, int position, int end) throws Malformed {
    for (int hops = 0; hops < 128; hops++) {
      if (position >= end) {
        throw Malformed.INSTANCE;
      }
      int length = query.getUnsignedByte(position);
      if ((length & 0xC0) == 0xC0) {
        return position + 2;
      }
      if ((length & 0xC0) != 0) {
        throw Malformed.INSTANCE;
      }
      position += 1 + length;
      if (length == 0) {
        return position;
      }
    }
    throw Malformed.INSTANCE;
  }

  private ByteBuf respond(
      ByteBuf query,
      int start,
      int flags,
      Question question,
      Snapshot zone,
      int rcode,
      boolean authoritative,
      Answer answer,
      boolean edns,
      int limit,
      ByteBufAllocator alloc) {
    int questionLength = question.wireLength() + 4;
    boolean negative = rcode == Answer.NXDOMAIN;
    byte[] soaTail = negative ? zone.soaTail() : null;
    int bodyLength = answer != null ? answer.body().length : negative ? 2 + soaTail.length : 0;
    int size = WireWriter.HEADER + questionLength + bodyLength + (edns ? OPT_LENGTH : 0);
    boolean truncated = size > limit;
    ByteBuf out = alloc.buffer(truncated ? WireWriter.HEADER + questionLength + OPT_LENGTH : size);
    out.writeShort(query.getUnsignedShort(start));
    out.writeShort(
        QR | (authoritative ? AA : 0) | (truncated ? TC : 0) | (flags & RD) | (rcode & 0xF));
    out.writeShort(1);
    if (truncated) {
      out.writeShort(0).writeShort(0).writeShort(edns ? 1 : 0);
    } else if (answer != null) {
      out.writeShort(answer.answers())
          .writeShort(answer.authorities())
          .writeShort(answer.additionals() + (edns ? 1 : 0));
    } else {
      out.writeShort(0).writeShort(negative ? 1 : 0).writeShort(edns ? 1 : 0);
    }
    // The question as asked, in the client's case (resolvers that randomise it check it).
    out.writeBytes(query, start + WireWriter.HEADER, questionLength);
    if (!truncated) {
      if (answer != null) {
        out.writeBytes(answer.body());
      } else if (negative) {
        // The SOA's owner is the apex: the question's last labels.
        int apexOffset =
            WireWriter.HEADER + question.wireLength() - WireWriter.wireLength(zone.domain());
        out.writeShort(0xC000 | apexOffset);
        out.writeBytes(soaTail);
      }
    } else {
      stats.countTruncated();
    }
    if (edns) {
      out.writeByte(0); // root
      out.writeShort(OPT);
      out.writeShort(maxUdpPayload);
      out.writeByte(rcode >> 4); // extended rcode
      out.writeByte(0); // version
      out.writeShort(0); // flags
      out.writeShort(0); // no options
    }
    stats.answered(rcode);
    return out;
  }

  /** A response with the header alone: no question, for messages not worth parsing further. */
  private ByteBuf headerOnly(
      ByteBuf query, int start, int flags, int rcode, ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(WireWriter.HEADER);
    out.writeShort(query.getUnsignedShort(start));
    out.writeShort(QR | (flags & 0x7800) | (flags & RD) | (rcode & 0xF));
    out.writeShort(0).writeShort(0).writeShort(0).writeShort(0);
    stats.answered(rcode);
    return out;
  }
}
