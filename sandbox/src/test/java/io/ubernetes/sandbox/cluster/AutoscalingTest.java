package io.ubernetes.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AutoscalingTest {
  /** min 2, max 10, target 50% unless the case says otherwise. */
  record Case(
      String name,
      int current,
      int min,
      int max,
      int target,
      OptionalInt utilization,
      int desired,
      OptionalInt reported,
      int limited) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "a rise to 150% of a 50% target triples minReplicas",
            2, 2, 10, 50, OptionalInt.of(150), 6, OptionalInt.of(150), 0),
        new Case(
            "once there, the shared load reports the target and the count stays",
            6,
            2,
            10,
            50,
            OptionalInt.of(150),
            6,
            OptionalInt.of(50),
            0),
        new Case(
            "from any count the same load settles on the same count",
            9,
            2,
            10,
            50,
            OptionalInt.of(150),
            6,
            OptionalInt.of(33),
            0),
        new Case("rounded up", 2, 2, 10, 50, OptionalInt.of(110), 5, OptionalInt.of(110), 0),
        new Case(
            "within the 10% tolerance nothing changes",
            2, 2, 10, 50, OptionalInt.of(54), 2, OptionalInt.of(54), 0),
        new Case(
            "more than maxReplicas is held at maxReplicas",
            2,
            2,
            10,
            50,
            OptionalInt.of(400),
            10,
            OptionalInt.of(400),
            1),
        new Case(
            "a fall goes down to minReplicas, no further",
            6,
            2,
            10,
            50,
            OptionalInt.of(5),
            2,
            OptionalInt.of(2),
            -1),
        new Case(
            "no utilization: only the bounds apply, above maxReplicas",
            12,
            2,
            10,
            50,
            OptionalInt.empty(),
            10,
            OptionalInt.empty(),
            1),
        new Case(
            "no utilization: only the bounds apply, below minReplicas",
            1,
            2,
            10,
            50,
            OptionalInt.empty(),
            2,
            OptionalInt.empty(),
            -1),
        new Case(
            "no utilization and within the bounds: unchanged",
            4,
            2,
            10,
            50,
            OptionalInt.empty(),
            4,
            OptionalInt.empty(),
            0),
        new Case(
            "a target scaled to zero turns autoscaling off",
            0,
            2,
            10,
            50,
            OptionalInt.of(150),
            0,
            OptionalInt.empty(),
            0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesAsTheHpaControllerWouldForTheSimulatedLoad(Case c) {
    Autoscaling decision =
        Autoscaling.decide(c.current(), c.min(), c.max(), c.target(), c.utilization());

    assertThat(decision.desired()).isEqualTo(c.desired());
    assertThat(decision.reportedUtilization()).isEqualTo(c.reported());
    assertThat(Integer.signum(decision.limited())).isEqualTo(c.limited());
  }

  @Test
  void readsTheAnnotationAsAWholeNonNegativePercentage() {
    assertThat(Autoscaling.utilization("150")).hasValue(150);
    assertThat(Autoscaling.utilization(" 0 ")).hasValue(0);
    assertThat(Autoscaling.utilization("-5")).isEmpty();
    assertThat(Autoscaling.utilization("150%")).isEmpty();
    assertThat(Autoscaling.utilization(null)).isEmpty();
  }
}
