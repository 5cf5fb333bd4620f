package io.ubernetes.federation;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Ubernetes federation service. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FederationApplication {

  public static void main(String[] args) {
    SpringApplication.run(FederationApplication.class, args);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
