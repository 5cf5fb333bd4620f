package io.ubernetes.federation.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.placement.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Quota limits read from Kubernetes quantities, and amounts written back as Kubernetes does. */
class QuotaAmountsTest {
  @Test
  void readsTheLimitsANamedAndLeavesTheOthersUnlimited() {
    FieldErrors errors = new FieldErrors();

    QuotaAmounts limits =
        QuotaAmounts.limits(Map.of("cpu", "1500m", "pods", "10"), "spec.hard", errors);

    assertThat(errors.isEmpty()).isTrue();
    assertThat(limits)
        .isEqualTo(new QuotaAmounts(1500, QuotaAmounts.UNLIMITED, 10, QuotaAmounts.UNLIMITED));
    assertThat(
            QuotaAmounts.limits(
                Map.of("requests.memory", "2Gi", "count/federatedworkloads", "3"),
                "spec.hard",
                errors))
        .isEqualTo(new QuotaAmounts(QuotaAmounts.UNLIMITED, 2L << 30, QuotaAmounts.UNLIMITED, 3));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "limits.cpu | 2   | spec.hard[limits.cpu] | unsupported resource \"limits.cpu\"",
        "cpu        | two | spec.hard[cpu]        | \"two\" is not a quantity",
        "memory     | -1Gi | spec.hard[memory]    | must not be negative",
        "pods       | 1.5 | spec.hard[pods]       | must be a whole number"
      })
  void refusesWhatIsNotALimitNamingTheField(
      String name, String value, String field, String message) {
    FieldErrors errors = new FieldErrors();

    QuotaAmounts.limits(Map.of(name, value), "spec.hard", errors);

    List<FieldError> found = errors.list();
    assertThat(found).hasSize(1);
    assertThat(found.getFirst().field()).isEqualTo(field);
    assertThat(found.getFirst().message()).contains(message);
  }

  @Test
  void writesWhatTheLimitsLimitAsKubernetesQuantities() {
    QuotaAmounts limits = new QuotaAmounts(4000, 8L << 30, 20, QuotaAmounts.UNLIMITED);
    QuotaAmounts used = QuotaAmounts.of(new Resources(250, 64L << 20, 1), 6, 2);

    assertThat(used.written(limits))
        .containsExactly(
            Map.entry("requests.cpu", "1500m"),
            Map.entry("requests.memory", "384Mi"),
            Map.entry("pods", "6"));
    assertThat(used.plus(QuotaAmounts.NO_LIMIT)).isEqualTo(QuotaAmounts.NO_LIMIT);
    assertThat(used.plus(used).resources()).isEqualTo(new Resources(3000, 768L << 20, 12));
  }
}
