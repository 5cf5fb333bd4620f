package io.ubernetes.federation.dashboard;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The dashboard's page at its address itself, {@code /ui/}; its other files are static. Not part of
 * the API, so not in its OpenAPI document.
 */
@Hidden
@Controller
class DashboardController {
  private final Resource page = new ClassPathResource("dashboard/index.html");

  @GetMapping(value = DashboardConfiguration.PATH, produces = MediaType.TEXT_HTML_VALUE)
  @ResponseBody
  ResponseEntity<Resource> page() {
    return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(page);
  }
}
