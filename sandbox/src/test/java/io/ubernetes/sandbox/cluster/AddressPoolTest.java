package io.ubernetes.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressPoolTest {

  @Test
  void handsOutHostAddressesInOrderFromTheFirstAfterTheNetworkAddress() {
    AddressPool.Allocation allocation = AddressPool.of("10.12.0.0/16").allocation(Set.of());

    assertThat(List.of(allocation.next(), allocation.next(), allocation.next()))
        .containsExactly(
            Optional.of("10.12.0.1"), Optional.of("10.12.0.2"), Optional.of("10.12.0.3"));
  }

  @Test
  void skipsAddressesInUseAndReusesTheLowestFreedOne() {
    AddressPool.Allocation allocation =
        AddressPool.of("10.12.0.0/16").allocation(Set.of("10.12.0.1", "10.12.0.3", "8.8.8.8"));

    assertThat(allocation.next()).contains("10.12.0.2");
    assertThat(allocation.next()).contains("10.12.0.4");
  }

  @Test
  void crossesOctetBoundaries() {
    AddressPool.Allocation allocation =
        AddressPool.of("10.12.0.0/23").allocation(Set.of("10.12.0.254"));
    List<String> handedOut = new ArrayList<>();
    for (int i = 0; i < 255; i++) {
      handedOut.add(allocation.next().orElseThrow());
    }

    assertThat(handedOut).contains("10.12.0.255", "10.12.1.0").doesNotContain("10.12.0.254");
  }

  @Test
  void isExhaustedAfterItsLastHostAddress() {
    AddressPool.Allocation allocation = AddressPool.of("203.0.113.0/30").allocation(Set.of());

    assertThat(allocation.next()).contains("203.0.113.1");
    assertThat(allocation.next()).contains("203.0.113.2");
    assertThat(allocation.next()).isEmpty();
  }

  @Test
  void knowsWhatItContains() {
    AddressPool pool = AddressPool.of("198.18.4.0/24");

    assertThat(pool.contains("198.18.4.7")).isTrue();
    assertThat(pool.contains("198.18.4.0")).isFalse();
    assertThat(pool.contains("198.18.5.7")).isFalse();
    assertThat(pool.contains("not an address")).isFalse();
  }

  // spotless:off
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "10.12.0.0        | must be an IPv4 range such as 10.12.0.0/16",
      "10.12.0.0/33     | the prefix length must be between 1 and 30",
      "10.12.0.0/31     | the prefix length must be between 1 and 30",
      "10.12.0.0/x      | must be an IPv4 range such as 10.12.0.0/16",
      "10.12.0/16       | must be an IPv4 range such as 10.12.0.0/16",
      "10.256.0.0/16    | must be an IPv4 range such as 10.12.0.0/16",
      "10.12.0.1/16     | must start at a network address (10.12.0.0/16)",
      "10.12.16.0/19    | must start at a network address (10.12.0.0/19)",
  })
  // spotless:on
  void rejectsWhatIsNotAnIpv4Network(String cidr, String rule) {
    assertThatThrownBy(() -> AddressPool.of(cidr))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(rule);
  }
}
