package io.ubernetes.dns.serve;

import io.netty.buffer.ByteBuf;
import io.ubernetes.dns.records.RData;
import io.ubernetes.dns.records.ResourceRecord;
import io.ubernetes.dns.records.Zone;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A zone compiled for serving: for every name, the complete answer to each question type, in wire
 * format. Immutable; the server swaps a whole new one in when the zone changes, so a query reads
 * one consistent zone and never waits.
 */
public final class Snapshot {
  /** Question types with an answer of their own; any other type gets the name's NODATA answer. */
  static final int A = 1;

  static final int NS = 2;
  static final int CNAME = 5;
  static final int SOA = 6;
  static final int AAAA = 28;
  static final int SRV = 33;
  static final int ANY = 255;
  private static final int[] TYPES = {A, NS, CNAME, SOA, AAAA, SRV, ANY};
  private static final int MAX_CHAIN = 8;

  private final Zone zone;
  private final NameTable entries;
  private final String domain;
  private final byte[] domainWire;
  private final int domainLabels;
  private final byte[] soaTail;

  /**
   * The answers at one name: by question type (indexed as {@link #TYPES}, null where the name has
   * none of the type), and the one for every other type.
   */
  record Entry(Answer[] byType, Answer otherwise) {
    Answer answer(int qtype) {
      int index =
          switch (qtype) {
            case A -> 0;
            case NS -> 1;
            case CNAME -> 2;
            case SOA -> 3;
            case AAAA -> 4;
            case SRV -> 5;
            case ANY -> 6;
            default -> -1;
          };
      Answer answer = index < 0 ? null : byType[index];
      return answer == null ? otherwise : answer;
    }

    private static Entry of(Map<Integer, Answer> byType, Answer otherwise) {
      Answer[] answers = new Answer[TYPES.length];
      for (int i = 0; i < TYPES.length; i++) {
        answers[i] = byType.get(TYPES[i]);
      }
      return new Entry(answers, otherwise);
    }
  }

  private Snapshot(Zone zone, Map<String, Entry> entries, byte[] soaTail) {
    this.zone = zone;
    this.entries = new NameTable(entries);
    this.domain = zone.config().domain();
    this.domainWire = NameTable.wire(domain);
    this.domainLabels = domain.split("\\.").length;
    this.soaTail = soaTail;
  }

  /** Compiles {@code zone}; the work of one zone change, never of a query. */
  public static Snapshot of(Zone zone) {
    Compiler compiler = new Compiler(zone);
    Map<String, Entry> entries = HashMap.newHashMap(zone.names().size());
    for (String name : zone.names().keySet()) {
      entries.put(name, compiler.entry(name));
    }
    return new Snapshot(zone, entries, compiler.soaTail());
  }

  public Zone zone() {
    return zone;
  }

  /**
   * The precomputed answer at the name written in wire format at {@code offset} of {@code message}
   * ({@code length} bytes, hashed as {@link NameTable#hash(int, int)} does), compared without case;
   * null when the zone has no such name.
   */
  Entry entry(ByteBuf message, int offset, int length, int hash) {
    return entries.find(message, offset, length, hash);
  }

  String domain() {
    return domain;
  }

  /** The zone's apex in wire format, in lower case. */
  byte[] domainWire() {
    return domainWire;
  }

  int domainLabels() {
    return domainLabels;
  }

  /**
   * The SOA record after its owner name, for negative answers about names that do not exist: the
   * owner is a pointer to the zone's suffix of the question, written per query.
   */
  byte[] soaTail() {
    return soaTail;
  }

  /** Builds every name's answers, sharing identical ones (most names' NODATA answers are). */
  private static final class Compiler {
    private final Zone zone;
    private final ResourceRecord soa;
    private final Map<List<Object>, Answer> shared = new HashMap<>();

    Compiler(Zone zone) {
      this.zone = zone;
      this.soa =
          zone.at(zone.config().domain()).stream()
              .filter(r -> r.data() instanceof RData.Soa)
              .findFirst()
              .orElseThrow();
    }

    /** A negative answer's SOA, its TTL no longer than the negative TTL (RFC 2308 5). */
    private ResourceRecord negativeSoa() {
      RData.Soa data = (RData.Soa) soa.data();
      return new ResourceRecord(soa.name(), Math.min(soa.ttl(), data.minimum()), data);
    }

    byte[] soaTail() {
      WireWriter writer = WireWriter.uncompressed();
      writer.record(negativeSoa());
      byte[] bytes = writer.bytes();
      return Arrays.copyOfRange(bytes, WireWriter.wireLength(soa.name()), bytes.length);
    }

    Entry entry(String name) {
      List<ResourceRecord> records = zone.at(name);
      boolean alias = records.stream().anyMatch(r -> r.data() instanceof RData.Cname);
      Map<Integer, Answer> byType = new HashMap<>();
      if (alias) {
        for (int type : new int[] {A, AAAA, SRV, NS, SOA}) {
          byType.put(type, resolve(name, type));
        }
        Answer cname = resolve(name, CNAME);
        byType.put(CNAME, cname);
        byType.put(ANY, cname);
        // Any other type follows the chain to where the data ends: NODATA there.
        return Entry.of(byType, resolve(name, 0));
      }
      Answer nodata = resolve(name, 0);
      for (int type : TYPES) {
        if (type == ANY
            ? !records.isEmpty()
            : records.stream().anyMatch(r -> r.data().type().code() == type)) {
          byType.put(type, resolve(name, type));
        }
      }
      return Entry.of(byType, nodata);
    }

    /**
     * The answer to ({@code qname}, {@code qtype}) as RFC 1034 4.3.2 builds it: follow CNAMEs
     * within the zone, then the records of the type asked for; the SOA in the authority section
     * when no data ends the chain; the addresses of SRV targets and in-zone name servers as
     * additional records.
     */
    private Answer resolve(String qname, int qtype) {
      List<ResourceRecord> answer = new ArrayList<>();
      String name = qname;
      Set<String> seen = new HashSet<>();
      List<ResourceRecord> data = List.of();
      for (int step = 0; step < MAX_CHAIN && seen.add(name); step++) {
        List<ResourceRecord> records = zone.at(name);
        ResourceRecord cname =
            records.stream().filter(r -> r.data() instanceof RData.Cname).findFirst().orElse(null);
        if (cname != null && qtype != CNAME) {
          answer.add(cname);
          name = ((RData.Cname) cname.data()).target();
          if (!zone.exists(name)) {
            break;
          }
          continue;
        }
        data =
            records.stream().filter(r -> qtype == ANY || r.data().type().code() == qtype).toList();
        answer.addAll(data);
        break;
      }
      List<ResourceRecord> authority = data.isEmpty() ? List.of(negativeSoa()) : List.of();
      List<ResourceRecord> additional = new ArrayList<>();
      for (ResourceRecord record : data) {
        String target =
            switch (record.data()) {
              case RData.Srv srv -> srv.target();
              case RData.Ns ns -> ns.host();
              default -> null;
            };
        if (target != null) {
          for (ResourceRecord glue : zone.at(target)) {
            if (glue.data() instanceof RData.A || glue.data() instanceof RData.Aaaa) {
              additional.add(glue);
            }
          }
        }
      }
      WireWriter writer = new WireWriter(qname);
      answer.forEach(writer::record);
      authority.forEach(writer::record);
      additional.forEach(writer::record);
      byte[] body = writer.bytes();
      return shared.computeIfAbsent(
          List.of(answer.size(), authority.size(), additional.size(), ByteBuffer.wrap(body)),
          key ->
              new Answer(Answer.NOERROR, answer.size(), authority.size(), additional.size(), body));
    }
  }
}
