package io.ubernetes.federation.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.resource.FieldErrors;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuotaCheckTest {
  private static QuotaAmounts limits(Map<String, String> hard) {
    return QuotaAmounts.limits(hard, "spec.hard", new FieldErrors());
  }

  static Stream<Arguments> writes() {
    QuotaAmounts pods10 = limits(Map.of("pods", "10"));
    QuotaAmounts all = limits(Map.of("pods", "10", "cpu", "2", "memory", "1Gi"));
    return Stream.of(
        Arguments.argumentSet(
            "a new workload that fits",
            pods10,
            new QuotaAmounts(0, 0, 6, 1),
            QuotaAmounts.ZERO,
            new QuotaAmounts(0, 0, 4, 1),
            null),
        Arguments.argumentSet(
            "a new workload one pod over",
            pods10,
            new QuotaAmounts(0, 0, 6, 1),
            QuotaAmounts.ZERO,
            new QuotaAmounts(0, 0, 5, 1),
            "exceeded quota: q, requested: pods=5, used: pods=6, limited: pods=10"),
        Arguments.argumentSet(
            "a scale-up counts only its increase",
            pods10,
            new QuotaAmounts(0, 0, 8, 2),
            new QuotaAmounts(0, 0, 4, 1),
            new QuotaAmounts(0, 0, 7, 1),
            "exceeded quota: q, requested: pods=3, used: pods=8, limited: pods=10"),
        Arguments.argumentSet(
            "a scale-down over a lowered limit fits",
            pods10,
            new QuotaAmounts(0, 0, 20, 2),
            new QuotaAmounts(0, 0, 12, 1),
            new QuotaAmounts(0, 0, 11, 1),
            null),
        Arguments.argumentSet(
            "a change that keeps pods and raises cpu and memory past their limits names both",
            all,
            new QuotaAmounts(1500, 1L << 30, 4, 1),
            new QuotaAmounts(1500, 1L << 30, 4, 1),
            new QuotaAmounts(2500, 3L << 29, 4, 1),
            "exceeded quota: q, requested: requests.cpu=1,requests.memory=512Mi, used:"
                + " requests.cpu=1500m,requests.memory=1Gi, limited:"
                + " requests.cpu=2,requests.memory=1Gi"),
        Arguments.argumentSet(
            "an unlimited resource is never exceeded",
            pods10,
            new QuotaAmounts(1_000_000, 1L << 40, 0, 0),
            QuotaAmounts.ZERO,
            new QuotaAmounts(1_000_000, 1L << 40, 1, 1),
            null));
  }

  @ParameterizedTest
  @MethodSource("writes")
  void refusesOnlyWhatAWriteRaisesPastALimit(
      QuotaAmounts limits,
      QuotaAmounts admitted,
      QuotaAmounts before,
      QuotaAmounts after,
      String refusal) {
    assertThat(QuotaCheck.exceeded("q", limits, admitted, before, after)).isEqualTo(refusal);
  }
}
