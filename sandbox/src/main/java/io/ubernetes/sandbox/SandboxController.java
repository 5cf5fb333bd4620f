package io.ubernetes.sandbox;

import io.ubernetes.sandbox.cluster.ClusterDefinition;
import io.ubernetes.sandbox.cluster.InvalidDefinitionException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The sandbox's control API: list the simulated clusters, add and remove them, fail and recover
 * their API servers, cut their agents off from the federation and heal them, change their capacity.
 */
@RestController
class SandboxController {
  private static final String CLUSTERS = "/sandbox/clusters";

  private final SandboxRunner runner;

  SandboxController(SandboxRunner runner) {
    this.runner = runner;
  }

  /** New node capacity of a simulated cluster. */
  record Capacity(String cpuPerNode, String memoryPerNode, Integer podsPerNode) {}

  @GetMapping(path = CLUSTERS, produces = MediaType.APPLICATION_JSON_VALUE)
  List<Sandbox.ClusterView> clusters() {
    return sandbox().clusters();
  }

  @GetMapping(path = CLUSTERS + "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
  Sandbox.ClusterView cluster(@PathVariable String name) {
    return found(name, sandbox().cluster(name));
  }

  /**
   * Starts a simulated cluster with its agent: the fields of an entry of the {@code --config} file,
   * as JSON or YAML. It joins the federation and becomes Ready, and starts with the sandbox from
   * now on.
   */
  @PostMapping(
      path = CLUSTERS,
      consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE},
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Sandbox.ClusterView> add(@RequestBody String body) {
    ClusterDefinition definition;
    try {
      definition = ClusterFleet.definition(ClusterFleet.entry(body), 0, runner.startDelay());
    } catch (JacksonException e) {
      throw unreadable(e);
    } catch (InvalidDefinitionException e) {
      throw invalid(e.field(), e.rule());
    }
    Sandbox.ClusterView added;
    try {
      added = sandbox().add(definition);
    } catch (ClusterConflictException e) {
      throw problem(HttpStatus.CONFLICT, e.getMessage());
    }
    return ResponseEntity.created(URI.create(CLUSTERS + "/" + added.name())).body(added);
  }

  /**
   * Stops a simulated cluster and its agent; its objects stay in its state directory, and it does
   * not start with the sandbox again unless {@code --clusters} or {@code --config} name it. The
   * federation keeps it as a member until someone deletes it there.
   */
  @DeleteMapping(path = CLUSTERS + "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
  Sandbox.ClusterView remove(@PathVariable String name) {
    return act(name, s -> s.remove(name));
  }

  @PostMapping(path = CLUSTERS + "/{name}:fail", produces = MediaType.APPLICATION_JSON_VALUE)
  Sandbox.ClusterView fail(@PathVariable String name) {
    return act(name, s -> s.fail(name));
  }

  @PostMapping(path = CLUSTERS + "/{name}:recover", produces = MediaType.APPLICATION_JSON_VALUE)
  Sandbox.ClusterView recover(@PathVariable String name) {
    return act(name, s -> s.recover(name));
  }

  @PostMapping(path = CLUSTERS + "/{name}:partition", produces = MediaType.APPLICATION_JSON_VALUE)
  Sandbox.ClusterView partition(@PathVariable String name) {
    return act(name, s -> s.partition(name));
  }

  @PostMapping(path = CLUSTERS + "/{name}:heal", produces = MediaType.APPLICATION_JSON_VALUE)
  Sandbox.ClusterView heal(@PathVariable String name) {
    return act(name, s -> s.heal(name));
  }

  @PutMapping(
      path = CLUSTERS + "/{name}/capacity",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Sandbox.ClusterView capacity(@PathVariable String name, @RequestBody Capacity capacity) {
    requireQuantity("cpuPerNode", capacity.cpuPerNode());
    requireQuantity("memoryPerNode", capacity.memoryPerNode());
    if (capacity.podsPerNode() == null || capacity.podsPerNode() < 1) {
      throw invalid("podsPerNode", "must be a positive number");
    }
    return act(
        name,
        s ->
            s.capacity(
                name, capacity.cpuPerNode(), capacity.memoryPerNode(), capacity.podsPerNode()));
  }

  private Sandbox.ClusterView act(
      String name, Function<Sandbox, Optional<Sandbox.ClusterView>> action) {
    return found(name, action.apply(sandbox()));
  }

  private Sandbox sandbox() {
    return runner
        .sandbox(Duration.ofSeconds(30))
        .orElseThrow(
            () -> problem(HttpStatus.SERVICE_UNAVAILABLE, "the sandbox is still starting"));
  }

  private static Sandbox.ClusterView found(String name, Optional<Sandbox.ClusterView> view) {
    return view.orElseThrow(
        () -> problem(HttpStatus.NOT_FOUND, "no simulated cluster named \"" + name + "\""));
  }

  private static void requireQuantity(String field, String value) {
    if (value == null || value.isBlank()) {
      throw invalid(field, "required");
    }
    try {
      io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
          new io.fabric8.kubernetes.api.model.Quantity(value));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw invalid(
          field, "must be a Kubernetes quantity such as 16 or 64Gi, got \"" + value + "\"");
    }
  }

  /** A body that is not YAML or JSON, or whose fields do not fit. */
  private static ErrorResponseException unreadable(JacksonException e) {
    String message = firstLine(e.getOriginalMessage());
    if (e instanceof UnrecognizedPropertyException unknown) {
      return invalid(unknown.getPropertyName(), "unknown field");
    }
    if (e instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
      String field = mismatched.getPath().getLast().getPropertyName();
      if (field != null) {
        return invalid(field, "must be " + kind(mismatched.getTargetType()));
      }
    }
    TokenStreamLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 1
            ? ""
            : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return problem(
        HttpStatus.BAD_REQUEST,
        "the body is not a cluster in JSON or YAML" + where + ": " + message);
  }

  private static String kind(Class<?> type) {
    if (type == Integer.class || type == int.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    return type == String.class ? "a string" : "a cluster's fields";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static ErrorResponseException invalid(String field, String message) {
    ErrorResponseException e = problem(HttpStatus.UNPROCESSABLE_CONTENT, field + ": " + message);
    e.getBody().setProperty("errors", List.of(new FieldError(field, message)));
    return e;
  }

  /** One offending field, as the federation's API names them. */
  record FieldError(String field, String message) {}

  private static ErrorResponseException problem(HttpStatus status, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    return new ErrorResponseException(status, body, null);
  }
}
