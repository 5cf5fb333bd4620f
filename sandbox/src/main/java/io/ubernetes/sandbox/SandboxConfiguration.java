package io.ubernetes.sandbox;

import io.ubernetes.federation.discovery.DnsProperties;
import io.ubernetes.federation.discovery.EmbeddedDnsServer;
import io.ubernetes.federation.security.JoinProperties;
import io.ubernetes.federation.security.SecurityProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sandbox's beans. The sandbox application adds them to the federation's own context, or runs
 * them on their own when attached to a remote federation.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SandboxProperties.class)
class SandboxConfiguration {

  @Bean
  SandboxRunner sandboxRunner(
      SandboxProperties properties,
      ObjectProvider<JoinProperties> localFederation,
      ObjectProvider<SecurityProperties> localSecurity,
      ObjectProvider<EmbeddedDnsServer> localDns,
      ObjectProvider<DnsProperties> dnsNames) {
    return new SandboxRunner(properties, localFederation, localSecurity, localDns, dnsNames);
  }
}
