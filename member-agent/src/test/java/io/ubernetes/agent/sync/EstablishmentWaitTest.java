package io.ubernetes.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EstablishmentWaitTest {
  private Instant now = Instant.parse("2026-12-07T08:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final EstablishmentWait wait = new EstablishmentWait(clock, Duration.ofMinutes(5));

  @Test
  void aResourcePendsUntilItsDefinitionIsEstablished() {
    assertThat(
            wait.verdict(
                "cluster_widgets|Widget", "widgets.example.com", "Widget.example.com", false))
        .isEqualTo(
            new EstablishmentWait.Pending(
                "waiting for CustomResourceDefinition widgets.example.com to be established"));
    now = now.plusSeconds(30);

    assertThat(
            wait.verdict(
                "cluster_widgets|Widget", "widgets.example.com", "Widget.example.com", true))
        .isEqualTo(new EstablishmentWait.Served());
  }

  @Test
  void aDefinitionNotEstablishedInTimeIsReportedAsSuch() {
    wait.verdict("cluster_widgets|Widget", "widgets.example.com", "Widget.example.com", false);
    now = now.plus(Duration.ofMinutes(5));

    assertThat(
            wait.verdict(
                "cluster_widgets|Widget", "widgets.example.com", "Widget.example.com", false))
        .isEqualTo(
            new EstablishmentWait.TimedOut(
                "CustomResourceDefinition widgets.example.com is not established after 300s:"
                    + " the member's API server does not serve Widget.example.com"));
  }

  @Test
  void aMissingDefinitionIsNamedByTheKindItWouldDefine() {
    wait.verdict("shop.web|Widget", null, "Widget.example.com", false);
    now = now.plus(Duration.ofMinutes(6));

    assertThat(wait.verdict("shop.web|Widget", null, "Widget.example.com", false))
        .isEqualTo(
            new EstablishmentWait.TimedOut(
                "a CustomResourceDefinition of Widget.example.com does not exist after 300s:"
                    + " the member's API server does not serve Widget.example.com"));
  }

  @Test
  void anEstablishedDefinitionRestartsTheClock() {
    wait.verdict("shop.web|Widget", "widgets.example.com", "Widget.example.com", false);
    now = now.plus(Duration.ofMinutes(4));
    wait.verdict("shop.web|Widget", "widgets.example.com", "Widget.example.com", true);
    now = now.plus(Duration.ofMinutes(4));

    assertThat(wait.verdict("shop.web|Widget", "widgets.example.com", "Widget.example.com", false))
        .isInstanceOf(EstablishmentWait.Pending.class);
  }
}
