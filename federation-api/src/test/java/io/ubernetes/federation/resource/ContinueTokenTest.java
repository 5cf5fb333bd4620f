package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ContinueTokenTest {
  private static final long QUERY = ContinueToken.fingerprint("FederatedWorkload", "team-a", "");

  private static void assertRefused(String token, long query) {
    assertThatExceptionOfType(ApiException.class)
        .as("token %s", token)
        .isThrownBy(() -> ContinueToken.decode(token, query))
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo(ApiException.Reason.BAD_REQUEST);
              assertThat(e.errors()).extracting(FieldError::field).containsExactly("continue");
            });
  }

  private static String base64(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @CsvSource(
      quoteCharacter = '`',
      textBlock =
          """
          team-a,  web-1
          ``,      cluster-eu-1
          ns,      a.b.c-d
          """)
  void decodesWhatItEncoded(String namespace, String name) {
    ContinueToken token = new ContinueToken(new ObjectKey(namespace, name), QUERY);

    String encoded = token.encode();

    assertThat(encoded).matches("[A-Za-z0-9_-]+");
    assertThat(ContinueToken.decode(encoded, QUERY)).isEqualTo(token);
  }

  @Test
  void fingerprintDependsOnKindNamespaceAndSelector() {
    long base = ContinueToken.fingerprint("MemberCluster", "", "tier=onprem");

    assertThat(ContinueToken.fingerprint("MemberCluster", "", "tier=onprem")).isEqualTo(base);
    assertThat(ContinueToken.fingerprint("PlacementPolicy", "", "tier=onprem")).isNotEqualTo(base);
    assertThat(ContinueToken.fingerprint("MemberCluster", "x", "tier=onprem")).isNotEqualTo(base);
    assertThat(ContinueToken.fingerprint("MemberCluster", "", "tier=cloud")).isNotEqualTo(base);
  }

  @Test
  void refusesATokenIssuedForAnotherQuery() {
    String token = new ContinueToken(new ObjectKey("team-a", "web-1"), QUERY).encode();
    long otherSelector = ContinueToken.fingerprint("FederatedWorkload", "team-a", "app=web");

    assertThatExceptionOfType(ApiException.class)
        .isThrownBy(() -> ContinueToken.decode(token, otherSelector))
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo(ApiException.Reason.BAD_REQUEST);
              assertThat(e.errors())
                  .containsExactly(
                      new FieldError(
                          "continue",
                          "the token belongs to a list with another namespace or labelSelector"));
            });
  }

  static Stream<Arguments> garbage() {
    // spotless:off
    return Stream.of(
        argumentSet("empty", ""),
        argumentSet("not base64 at all", "!!!not-a-token!!!"),
        argumentSet("standard base64 alphabet", "ab+/cd=="),
        argumentSet("one base64 character too many", "A"),
        argumentSet("whitespace", "  "),
        argumentSet("plain text", "next-page"),
        argumentSet("base64 of random text", base64("hello world")),
        argumentSet("too few parts", base64("2\n" + QUERY + "\nteam-a\n")),
        argumentSet("too many parts", base64("2\n" + QUERY + "\nteam-a\nweb-1\nextra\n")),
        argumentSet("no end mark", base64("2\n" + QUERY + "\nteam-a\nweb-1")),
        argumentSet("unknown version", base64("9\n" + QUERY + "\nteam-a\nweb-1\n")),
        argumentSet("query not a number", base64("2\nabc\nteam-a\nweb-1\n")),
        argumentSet("query too large for a long", base64("2\n99999999999999999999\nteam-a\nweb-1\n")),
        argumentSet("invalid UTF-8", Base64.getUrlEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 10})));
    // spotless:on
  }

  @ParameterizedTest
  @MethodSource("garbage")
  void refusesGarbageWithABadRequestNamingContinue(String token) {
    assertRefused(token, QUERY);
  }

  @Test
  void refusesEveryTruncationOfAValidToken() {
    String token = new ContinueToken(new ObjectKey("team-a", "web-12345"), QUERY).encode();

    IntStream.range(0, token.length())
        .mapToObj(length -> token.substring(0, length))
        .forEach(truncated -> assertRefused(truncated, QUERY));
  }

  @Test
  void answersAlteredTokensWithNothingButApiExceptions() {
    String token = new ContinueToken(new ObjectKey("team-a", "web-12345"), QUERY).encode();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ ";

    Stream<String> altered =
        Stream.concat(
            IntStream.range(0, token.length())
                .mapToObj(i -> token.substring(0, i) + token.substring(i + 1)),
            IntStream.range(0, token.length())
                .boxed()
                .flatMap(
                    i ->
                        alphabet
                            .chars()
                            .mapToObj(
                                c -> token.substring(0, i) + (char) c + token.substring(i + 1))));

    altered.forEach(
        candidate -> {
          try {
            ContinueToken decoded = ContinueToken.decode(candidate, QUERY);
            assertThat(decoded.query()).isEqualTo(QUERY);
          } catch (ApiException e) {
            assertThat(e.errors()).extracting(FieldError::field).containsExactly("continue");
          }
        });
  }
}
