package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.federation.resource.LabelSelector.Operator;
import io.ubernetes.federation.resource.LabelSelector.Requirement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSelectorTest {

  private static Requirement req(String key, Operator operator, String... values) {
    return new Requirement(key, operator, List.of(values));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "\t\n "})
  void selectsEverythingWhenNullOrBlank(String text) {
    LabelSelector selector = LabelSelector.parse(text);

    assertThat(selector.isEverything()).isTrue();
    assertThat(selector.requirements()).isEmpty();
  }

  static Stream<Arguments> singleRequirements() {
    // spotless:off
    return Stream.of(
        argumentSet("equality with =", "app=web", req("app", Operator.EQUALS, "web")),
        argumentSet("equality with ==", "app==web", req("app", Operator.EQUALS, "web")),
        argumentSet("inequality", "app!=web", req("app", Operator.NOT_EQUALS, "web")),
        argumentSet("equality with an empty value", "app=", req("app", Operator.EQUALS, "")),
        argumentSet("inequality with an empty value", "app!=", req("app", Operator.NOT_EQUALS, "")),
        argumentSet("set membership", "env in (prod,staging)", req("env", Operator.IN, "prod", "staging")),
        argumentSet("set membership of one value", "env in (prod)", req("env", Operator.IN, "prod")),
        argumentSet("set exclusion", "env notin (dev)", req("env", Operator.NOT_IN, "dev")),
        argumentSet("set without a space before the parenthesis", "env in(a,b)", req("env", Operator.IN, "a", "b")),
        argumentSet("existence", "app", req("app", Operator.EXISTS)),
        argumentSet("absence", "!app", req("app", Operator.DOES_NOT_EXIST)),
        argumentSet("absence with a space after !", "! app", req("app", Operator.DOES_NOT_EXIST)),
        argumentSet("prefixed key", "topology.kubernetes.io/region=eu-west-1", req("topology.kubernetes.io/region", Operator.EQUALS, "eu-west-1")),
        argumentSet("prefixed key in a set", "ubernetes.io/tier in (onprem, cloud)", req("ubernetes.io/tier", Operator.IN, "onprem", "cloud")),
        argumentSet("absence of a prefixed key", "!example.com/gpu", req("example.com/gpu", Operator.DOES_NOT_EXIST)),
        argumentSet("values with dots, dashes and underscores", "v=1.2_3-rc", req("v", Operator.EQUALS, "1.2_3-rc")),
        argumentSet("upper-case key and value", "App=Web", req("App", Operator.EQUALS, "Web")),
        argumentSet("spaces around the operator", "  app  =  web  ", req("app", Operator.EQUALS, "web")),
        argumentSet("spaces around ==", "app == web", req("app", Operator.EQUALS, "web")),
        argumentSet("spaces around !=", "app != web", req("app", Operator.NOT_EQUALS, "web")),
        argumentSet("spaces inside a set", "env  in  (  a ,  b  )", req("env", Operator.IN, "a", "b")),
        argumentSet("tabs and newlines as whitespace", "\tenv\nnotin\t(a)\n", req("env", Operator.NOT_IN, "a")));
    // spotless:on
  }

  @ParameterizedTest
  @MethodSource("singleRequirements")
  void parsesOneRequirement(String text, Requirement expected) {
    LabelSelector selector = LabelSelector.parse(text);

    assertThat(selector.isEverything()).isFalse();
    assertThat(selector.requirements()).containsExactly(expected);
  }

  @Test
  void parsesCommaJoinedRequirementsInOrder() {
    LabelSelector selector =
        LabelSelector.parse(
            "app=web, env in (prod,staging),tier!=cloud , !legacy,gpu,zone notin (a)");

    assertThat(selector.requirements())
        .containsExactly(
            req("app", Operator.EQUALS, "web"),
            req("env", Operator.IN, "prod", "staging"),
            req("tier", Operator.NOT_EQUALS, "cloud"),
            req("legacy", Operator.DOES_NOT_EXIST),
            req("gpu", Operator.EXISTS),
            req("zone", Operator.NOT_IN, "a"));
  }

  @Test
  void parsesExistenceFollowedByAnotherRequirement() {
    assertThat(LabelSelector.parse("a ,b=c").requirements())
        .containsExactly(req("a", Operator.EXISTS), req("b", Operator.EQUALS, "c"));
  }

  @Test
  void acceptsKeyAndValueAtTheirMaximumLength() {
    String key = "p".repeat(253) + "/" + "n".repeat(63);
    String value = "v".repeat(63);

    assertThat(LabelSelector.parse(key + "=" + value).requirements())
        .containsExactly(req(key, Operator.EQUALS, value));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          # selector            | expected message part
          a in                  | expected '(' at position 4 of "a in"
          a in ()               | a set needs at least one value
          a notin ( )           | a set needs at least one value
          a in (x               | expected ')' at position 7 of "a in (x"
          a in (x y)            | expected ')' at position 8
          a in x                | expected '(' at position 5
          =b                    | "" is not a valid label key at position 0 of "=b"
          ==b                   | "" is not a valid label key at position 0
          !=b                   | "" is not a valid label key at position 1
          !                     | "" is not a valid label key at position 1
          a=b c                 | expected ',' or the end of the selector at position 4 of "a=b c"
          a b                   | expected one of =, ==, !=, in, notin after key "a"
          a>1                   | expected one of =, ==, !=, in, notin after key "a" at position 1
          a<1                   | expected one of =, ==, !=, in, notin after key "a" at position 1
          a ~= b                | expected one of =, ==, !=, in, notin after key "a"
          a!b                   | expected '=' at position 2
          !a=b                  | expected ',' or the end of the selector at position 2
          -bad=x                | "-bad" is not a valid label key at position 4
          bad-=x                | "bad-" is not a valid label key
          a_b_=x                | "a_b_" is not a valid label key
          a/b/c=x               | "a/b/c" is not a valid label key
          /a=x                  | "/a" is not a valid label key
          a/=x                  | "a/" is not a valid label key
          Example.com/a=x       | "Example.com/a" is not a valid label key
          a=b/c                 | "b/c" is not a valid label value at position 5
          a=-b                  | "-b" is not a valid label value
          a in (x,-y)           | "-y" is not a valid label value
          a=ü                   | "ü" is not a valid label value at position 3
          a=b,                  | "" is not a valid label key at position 4 of "a=b,"
          ,a=b                  | "" is not a valid label key at position 0
          a=b,,c                | "" is not a valid label key at position 4
          a=b;c=d               | expected ',' or the end of the selector at position 3
          """)
  void rejectsMalformedSelectorsSayingWhatAndWhere(String text, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LabelSelector.parse(text))
        .withMessageContaining(message)
        .withMessageContaining(" of \"" + text + "\"");
  }

  @Test
  void rejectsKeyWhoseNameIsOneCharacterTooLong() {
    String text = "n".repeat(64) + "=x";

    assertThatIllegalArgumentException()
        .isThrownBy(() -> LabelSelector.parse(text))
        .withMessageContaining("is not a valid label key");
  }

  @Test
  void rejectsValueOneCharacterTooLong() {
    String text = "a=" + "v".repeat(64);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> LabelSelector.parse(text))
        .withMessageContaining("is not a valid label value");
  }

  @Test
  void requirementsAndSelectorAreImmutable() {
    LabelSelector selector = LabelSelector.parse("env in (a,b)");

    assertThat(selector.requirements()).isUnmodifiable();
    assertThat(selector.requirements().getFirst().values()).isUnmodifiable();
  }
}
