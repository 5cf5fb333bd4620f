package io.ubernetes.dns.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.ubernetes.dns.records.Directory.Shard;
import io.ubernetes.dns.records.Fleets;
import io.ubernetes.dns.records.Zone;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The answers a snapshot precomputes, looked up straight from a query's bytes: each query still
 * gets its own id and question back, and the answer of the records the current snapshot holds.
 */
class PrecomputedAnswerTest {
  private static final String GLOBAL = "web.shop.fed.svc.ubernetes.local.";
  private static final String REGION_EU = "web.shop.fed.svc.eu-central.ubernetes.local.";
  private static final String REGION_WEST = "web.shop.fed.svc.eu-west.ubernetes.local.";

  private final AtomicReference<Snapshot> snapshot =
      new AtomicReference<>(Snapshot.of(Zone.of(Fleets.web(1))));
  private final QueryHandler handler = new QueryHandler(snapshot::get, new Stats(), 1232);

  private byte[] respond(byte[] query) {
    ByteBuf response =
        handler.respond(Unpooled.wrappedBuffer(query), false, UnpooledByteBufAllocator.DEFAULT);
    byte[] bytes = new byte[response.readableBytes()];
    response.readBytes(bytes);
    response.release();
    return bytes;
  }

  private static byte[] query(String name, int type, int id) {
    Message query = Message.newQuery(Record.newRecord(name(name), type, DClass.IN));
    query.getHeader().setID(id);
    return query.toWire();
  }

  private static Name name(String name) {
    try {
      return Name.fromString(name);
    } catch (IOException e) {
      throw new IllegalArgumentException(name, e);
    }
  }

  private List<String> answers(String name, int type) throws IOException {
    Message response = new Message(respond(query(name, type, 1)));
    assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
    List<String> answers = new ArrayList<>();
    for (Record record : response.getSection(Section.ANSWER)) {
      answers.add(Type.string(record.getType()) + " " + record.rdataToString());
    }
    return answers;
  }

  @Test
  void anAnswerChangesWhenItsRecordsChange() throws IOException {
    List<String> before = answers(GLOBAL, Type.A);

    snapshot.set(
        Snapshot.of(
            Zone.of(
                Fleets.directory(
                    2,
                    List.of(
                        new Shard("onprem-fra", List.of("10.1.0.9"), true),
                        new Shard("aws-eu-west", List.of("10.2.0.1"), false))))));

    assertThat(before).containsExactly("A 10.1.0.1", "A 10.1.0.2", "A 10.2.0.1");
    assertThat(answers(GLOBAL, Type.A)).containsExactly("A 10.1.0.9");
  }

  @Test
  void twoLocalitiesGetTheirOwnAnswers() throws IOException {
    assertThat(answers(REGION_EU, Type.A)).containsExactly("A 10.1.0.1", "A 10.1.0.2");
    assertThat(answers(REGION_WEST, Type.A)).containsExactly("A 10.2.0.1");
  }

  @Test
  void eachQueryGetsItsOwnIdAndItsQuestionInItsOwnCase() throws IOException {
    byte[] lower = query(GLOBAL, Type.A, 0x1234);
    byte[] mixed = query("wEb.SHOP.fed.Svc.UBERNETES.local.", Type.A, 0xBEEF);

    byte[] first = respond(lower);
    byte[] second = respond(mixed);

    assertThat(new Message(first).getHeader().getID()).isEqualTo(0x1234);
    assertThat(new Message(second).getHeader().getID()).isEqualTo(0xBEEF);
    int questionEnd = lower.length;
    assertThat(Arrays.copyOfRange(first, 12, questionEnd))
        .isEqualTo(Arrays.copyOfRange(lower, 12, questionEnd));
    assertThat(Arrays.copyOfRange(second, 12, questionEnd))
        .isEqualTo(Arrays.copyOfRange(mixed, 12, questionEnd));
    // The same precomputed records follow both questions.
    assertThat(Arrays.copyOfRange(second, questionEnd, second.length))
        .isEqualTo(Arrays.copyOfRange(first, questionEnd, first.length));
  }

  @Test
  void aNameThatOnlyDiffersInItsLabelBoundariesDoesNotExist() throws IOException {
    // "fed.svc" as one label holding a dot: the same text as the existing name, not the same name.
    byte[] query = query("web.shop.fed\\.svc.ubernetes.local.", Type.A, 7);

    assertThat(new Message(respond(query)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }
}
