package io.ubernetes.dns.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.ubernetes.dns.records.Fleets;
import io.ubernetes.dns.records.Zone;
import java.io.IOException;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Every message, however broken, gets a well-formed response or, for runts and responses, none. */
class QueryHandlerTest {
  private static final Snapshot SNAPSHOT = Snapshot.of(Zone.of(Fleets.web(1)));
  private static final QueryHandler HANDLER = new QueryHandler(() -> SNAPSHOT, new Stats(), 1232);

  private static byte[] respond(byte[] query, boolean tcp) {
    ByteBuf response =
        HANDLER.respond(Unpooled.wrappedBuffer(query), tcp, UnpooledByteBufAllocator.DEFAULT);
    if (response == null) {
      return null;
    }
    byte[] bytes = new byte[response.readableBytes()];
    response.readBytes(bytes);
    response.release();
    return bytes;
  }

  private static byte[] validQuery(String name, int type) throws IOException {
    return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)).toWire();
  }

  @Property(tries = 3000)
  void randomBytesGetAParsableResponseWithTheirIdOrNoneAtAll(
      @ForAll @Size(max = 600) byte[] query, @ForAll boolean tcp) throws IOException {
    byte[] response = respond(query, tcp);

    boolean answerable = query.length >= 12 && (query[2] & 0x80) == 0;
    assertThat(response != null).isEqualTo(answerable);
    if (response != null) {
      Message parsed = new Message(response);
      assertThat(parsed.getHeader().getID())
          .isEqualTo(((query[0] & 0xFF) << 8) | (query[1] & 0xFF));
      assertThat(response.length).isLessThanOrEqualTo(tcp ? 65535 : 512);
    }
  }

  @Property(tries = 500)
  void aValidQueryCutShortIsFormerr(
      @ForAll("names") String name, @ForAll @IntRange(min = 12) int cut) throws IOException {
    byte[] query = validQuery(name, Type.A);
    int length = 12 + cut % (query.length - 12);

    byte[] response = respond(Arrays.copyOf(query, length), false);

    assertThat(new Message(response).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Property(tries = 1000)
  void aValidQueryWithOneByteChangedStillGetsAParsableResponse(
      @ForAll("names") String name,
      @ForAll @IntRange(min = 0, max = 4096) int position,
      @ForAll byte value)
      throws IOException {
    byte[] query = validQuery(name, Type.A);
    query[position % query.length] = value;

    byte[] response = respond(query, false);

    if (response != null) {
      assertThat(new Message(response).getHeader().getID())
          .isEqualTo(((query[0] & 0xFF) << 8) | (query[1] & 0xFF));
    }
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.of(
        "web.shop.fed.svc.ubernetes.local.",
        "_http._tcp.web.shop.fed.svc.eu-central.ubernetes.local.",
        "web.shop.fed.svc.onprem-fra-b.fra-1.eu-central.ubernetes.local.",
        "nope.ubernetes.local.",
        "example.com.");
  }
}
