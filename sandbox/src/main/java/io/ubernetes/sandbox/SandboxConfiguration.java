package io.ubernetes.sandbox;

import io.ubernetes.agents.AgentProperties;
import io.ubernetes.discovery.DnsProperties;
import io.ubernetes.discovery.EmbeddedDnsServer;
import io.ubernetes.security.SecurityProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sandbox's beans. In the sandbox module they join the federation's own context (its component
 * scan covers this package); attached to a remote federation, they run on their own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    name = "ubernetes.sandbox.enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties(SandboxProperties.class)
class SandboxConfiguration {

  @Bean
  SandboxRunner sandboxRunner(
      SandboxProperties properties,
      ObjectProvider<AgentProperties> localFederation,
      ObjectProvider<SecurityProperties> localSecurity,
      ObjectProvider<EmbeddedDnsServer> localDns,
      ObjectProvider<DnsProperties> dnsNames) {
    return new SandboxRunner(properties, localFederation, localSecurity, localDns, dnsNames);
  }
}
