package io.ubernetes.federation.dashboard;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ShallowEtagHeaderFilter;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The read-only dashboard at {@code /ui/}: plain HTML, CSS and JavaScript modules shipped in the
 * jar ({@code classpath:/dashboard/}), with no build step and nothing fetched from elsewhere. The
 * pages load without a token (the security rules let anyone read {@code /ui/}); every call they
 * make to the API carries the token the user gives, so roles hold as they do for any client.
 *
 * <p>The files are served only under their versioned path, {@code /ui/assets/<version>/}, as
 * immutable for a year; another version's path is a 404. The page at {@code /ui/} names that path
 * and is itself revalidated on every load ({@link DashboardController}).
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration implements WebMvcConfigurer {
  static final String PATH = "/ui/";

  private final DashboardAssets assets;

  DashboardConfiguration(DashboardAssets assets) {
    this.assets = assets;
  }

  /**
   * Only the dashboard's own files, styles and API calls: no inline script, no other origin, no
   * framing by another site.
   */
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none';"
          + " object-src 'none'";

  /**
   * The policy above, and when the page signs in through an identity provider, the provider's
   * origin for the page's own requests to it (discovery and the token endpoint). Going to its
   * authorization endpoint is a navigation by script, not a form's submission, so {@code
   * form-action} stays the page's own.
   */
  static String contentSecurityPolicy(DashboardProperties properties) {
    return properties.oidc().enabled()
        ? CONTENT_SECURITY_POLICY + "; connect-src 'self' " + properties.oidc().origin()
        : CONTENT_SECURITY_POLICY;
  }

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry
        .addResourceHandler(assets.path() + "**")
        .addResourceLocations(DashboardAssets.LOCATION)
        .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
  }

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/ui", PATH);
  }

  @Bean
  FilterRegistrationBean<ShallowEtagHeaderFilter> dashboardEtags() {
    FilterRegistrationBean<ShallowEtagHeaderFilter> registration =
        new FilterRegistrationBean<>(new ShallowEtagHeaderFilter());
    registration.addUrlPatterns(PATH + "*");
    return registration;
  }

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> dashboardContentSecurity(
      DashboardProperties properties) {
    String policy = contentSecurityPolicy(properties);
    FilterRegistrationBean<OncePerRequestFilter> registration =
        new FilterRegistrationBean<>(
            new OncePerRequestFilter() {
              @Override
              protected void doFilterInternal(
                  HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                  throws ServletException, IOException {
                response.setHeader("Content-Security-Policy", policy);
                chain.doFilter(request, response);
              }
            });
    registration.addUrlPatterns("/ui", PATH + "*");
    return registration;
  }
}
