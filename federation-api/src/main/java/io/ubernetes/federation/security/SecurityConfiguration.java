package io.ubernetes.federation.security;

import io.ubernetes.federation.resource.ApiKinds;
import io.ubernetes.federation.web.ProblemWriter;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Bearer tokens only, no sessions, no cookies (so no CSRF): an API token ({@code ubt_}), a member
 * agent's cluster credential ({@code ubc_}) or, when an identity provider is configured ({@code
 * spring.security.oauth2.resourceserver.jwt.*}), its JWT. {@link AccessRules} decides the rest.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  /**
   * No observation per security filter, authentication and authorization: every request is measured
   * once already ({@code http.server.requests}), and wrapping each of the chain's dozen filters in
   * an observation of its own made the chain cost more than the request it guards (a heartbeat, for
   * instance). Refused requests are in the audit log.
   */
  @Bean
  SecurityObservationSettings securityObservations() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http,
      SecurityProperties properties,
      ApiTokenAuthenticationProvider apiTokens,
      AgentCredentialAuthenticationProvider agents,
      JoinTokenMisuse joinTokenMisuse,
      ObjectProvider<JwtDecoder> identityProvider,
      ProblemWriter problems,
      AuthFailureThrottle throttle,
      ApiKinds kinds)
      throws Exception {
    List<AuthenticationProvider> providers = new ArrayList<>(List.of(apiTokens, agents));
    JwtDecoder decoder = identityProvider.getIfAvailable();
    if (decoder != null) {
      providers.add(new JwtCallerProvider(decoder, properties.jwt()));
    }
    // Last: it accepts nobody, and explains a refusal the others would make less clearly.
    providers.add(joinTokenMisuse);
    ProviderManager authentication = new ProviderManager(providers);
    ProblemResponses answers = new ProblemResponses(problems, throttle);
    AccessRules rules =
        new AccessRules(
            properties.publicMetrics(),
            properties.publicApiDocs(),
            kinds::writtenByUnconfinedOperators);
    http.csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .oauth2ResourceServer(
            oauth ->
                oauth
                    .authenticationManagerResolver(request -> authentication)
                    .authenticationEntryPoint(answers)
                    .accessDeniedHandler(answers))
        .exceptionHandling(e -> e.authenticationEntryPoint(answers).accessDeniedHandler(answers))
        .addFilterAfter(new CallerCapture(), BearerTokenAuthenticationFilter.class)
        // After authentication, so that the refusal names who asked, and before authorization:
        // acting as someone else is refused whatever the caller may do itself.
        .addFilterAfter(new ImpersonationRefusal(problems), CallerCapture.class)
        .authorizeHttpRequests(
            authorize -> authorize.anyRequest().access(new ApiAuthorizationManager(rules)));
    return http.build();
  }
}
