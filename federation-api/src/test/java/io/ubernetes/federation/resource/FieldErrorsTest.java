package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldErrorsTest {

  @Test
  void startsEmptyAndThrowsNothing() {
    FieldErrors errors = new FieldErrors();

    assertThat(errors.isEmpty()).isTrue();
    assertThat(errors.list()).isEmpty();
    assertThatCode(() -> errors.throwIfAny("MemberCluster", "eu-1")).doesNotThrowAnyException();
  }

  @Test
  void collectsErrorsInOrder() {
    FieldErrors errors = new FieldErrors();

    errors.add("spec.region", "bad");
    errors.required("spec");

    assertThat(errors.isEmpty()).isFalse();
    assertThat(errors.list())
        .containsExactly(new FieldError("spec.region", "bad"), new FieldError("spec", "required"));
  }

  @Test
  void reportsTheSameErrorOnce() {
    FieldErrors errors = new FieldErrors();

    errors.add("metadata.labelz", "unknown field \"labelz\"");
    errors.add("metadata.labelz", "unknown field \"labelz\"");
    errors.add("metadata.labelz", "another problem");

    assertThat(errors.list())
        .containsExactly(
            new FieldError("metadata.labelz", "unknown field \"labelz\""),
            new FieldError("metadata.labelz", "another problem"));
  }

  @Test
  void listIsASnapshot() {
    FieldErrors errors = new FieldErrors();
    errors.add("a", "x");

    var snapshot = errors.list();
    errors.add("b", "y");

    assertThat(snapshot).hasSize(1).isUnmodifiable();
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      textBlock =
          """
          # value, min, max, error?
          null,     1, 100, false
          1,        1, 100, false
          100,      1, 100, false
          0,        1, 100, true
          101,      1, 100, true
          -5,       0,  10, true
          """)
  void checksRangesInclusivelyAndSkipsNull(Integer value, long min, long max, boolean error) {
    FieldErrors errors = new FieldErrors();

    errors.range("spec.weight", value, min, max);

    if (error) {
      assertThat(errors.list())
          .containsExactly(
              new FieldError(
                  "spec.weight", "must be between " + min + " and " + max + ", got " + value));
    } else {
      assertThat(errors.isEmpty()).isTrue();
    }
  }

  @Test
  void throwsAnInvalidApiExceptionNamingEveryError() {
    FieldErrors errors = new FieldErrors();
    errors.add("spec.region", "bad");
    errors.required("spec.taints[0].key");

    assertThatExceptionOfType(ApiException.class)
        .isThrownBy(() -> errors.throwIfAny("MemberCluster", "eu-1"))
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo(ApiException.Reason.INVALID);
              assertThat(e.reason().status()).isEqualTo(422);
              assertThat(e.errors()).isEqualTo(errors.list());
              assertThat(e.getMessage())
                  .isEqualTo(
                      "MemberCluster \"eu-1\" is invalid: spec.region: bad;"
                          + " spec.taints[0].key: required");
            });
  }

  @Test
  void leavesTheNameOutOfTheMessageWhenThereIsNone() {
    FieldErrors errors = new FieldErrors();
    errors.required("metadata.name");

    assertThatExceptionOfType(ApiException.class)
        .isThrownBy(() -> errors.throwIfAny("MemberCluster", null))
        .withMessage("MemberCluster is invalid: metadata.name: required");
  }
}
