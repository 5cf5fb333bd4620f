package io.ubernetes.benchmark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kubectl get fw -A} of a fleet's workloads, as an operator types it: the real kubectl, with
 * a kubeconfig of the service's admin token, asking for Tables in pages of 500 (its default chunk
 * size) and printing every row. The workloads are created through the API first, spread over
 * namespaces; the first listing fills kubectl's discovery cache, as an operator's first command
 * does, and the listings after it are timed.
 */
final class TableListing {
  private static final String ACCEPT_TABLE =
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
  private static final int NAMESPACES = 20;
  private static final int CONCURRENCY = 16;

  /** Wall times of the timed listings, and the rows the last one printed. */
  record Result(int workloads, double firstMs, double[] sortedMs, long rows, double serverMs) {
    double medianMs() {
      return sortedMs[sortedMs.length / 2];
    }

    double maxMs() {
      return sortedMs[sortedMs.length - 1];
    }

    String report() {
      return String.format(
          Locale.ROOT,
          "kubectl get fw -A, %d workloads as a Table: median %.0f ms, max %.0f ms over %d runs"
              + " (first, discovery cache empty: %.0f ms); %d rows printed;"
              + " the service's share, the same 500-row pages read over HTTP: %.0f ms",
          workloads,
          medianMs(),
          maxMs(),
          sortedMs.length,
          firstMs,
          rows,
          serverMs);
    }
  }

  /**
   * A self-signed certificate for 127.0.0.1, made with the JDK's keytool: the service serves it,
   * kubectl and this harness trust it.
   */
  record Certificate(Path keyStore, String password, String pem) {
    static Certificate create(Path directory) throws IOException, InterruptedException {
      Path keyStore = directory.resolve("server.p12");
      Path pem = directory.resolve("server.pem");
      String password = UUID.randomUUID().toString();
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      run(
          keytool,
          "-genkeypair",
          "-alias",
          "ubernetes",
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-validity",
          "2",
          "-dname",
          "CN=127.0.0.1",
          "-ext",
          "SAN=ip:127.0.0.1",
          "-storetype",
          "PKCS12",
          "-keystore",
          keyStore.toString(),
          "-storepass",
          password);
      run(
          keytool,
          "-exportcert",
          "-rfc",
          "-alias",
          "ubernetes",
          "-keystore",
          keyStore.toString(),
          "-storepass",
          password,
          "-file",
          pem.toString());
      return new Certificate(keyStore, password, Files.readString(pem));
    }

    List<String> serverSettings() {
      return List.of(
          "--server.ssl.key-store=file:" + keyStore,
          "--server.ssl.key-store-type=PKCS12",
          "--server.ssl.key-store-password=" + password);
    }

    SSLContext trusting() throws GeneralSecurityException, IOException {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      trusted.setCertificateEntry(
          "ubernetes",
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    }

    private static void run(String... command) throws IOException, InterruptedException {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
    }
  }

  private final HttpClient http;
  private final String base;
  private final String token;
  private final Path work;
  private final Path kubectl;
  private final Certificate certificate;

  TableListing(String base, String token, Path work, Path kubectl, Certificate certificate)
      throws GeneralSecurityException, IOException {
    this.base = base;
    this.token = token;
    this.work = work;
    this.kubectl = kubectl;
    this.certificate = certificate;
    this.http = HttpClient.newBuilder().sslContext(certificate.trusting()).build();
  }

  Result run(int workloads, String body, int runs) throws Exception {
    create(workloads, body);
    // The JIT sees the Table path before it is timed, as on a service that has been up a while.
    for (int i = 0; i < 15; i++) {
      readAllPages();
    }
    double serverMs = 0;
    for (int i = 0; i < runs; i++) {
      long began = System.nanoTime();
      readAllPages();
      serverMs += (System.nanoTime() - began) / 1e6;
    }
    Path kubeconfig = kubeconfig();
    Path home = Files.createDirectories(work.resolve("kubectl-home"));
    Listing first = list(kubeconfig, home);
    double[] times = new double[runs];
    Listing last = first;
    for (int i = 0; i < runs; i++) {
      last = list(kubeconfig, home);
      times[i] = last.millis();
    }
    Arrays.sort(times);
    return new Result(workloads, first.millis(), times, last.rows(), serverMs / runs);
  }

  private record Listing(double millis, long rows) {}

  private Listing list(Path kubeconfig, Path home) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(kubectl.toString(), "get", "fw", "-A")
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("HOME", home.toString());
    long began = System.nanoTime();
    Process process = builder.start();
    long rows;
    try (var out = process.inputReader(StandardCharsets.UTF_8)) {
      rows = out.lines().count() - 1;
    }
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("kubectl get fw -A failed");
    }
    return new Listing((System.nanoTime() - began) / 1e6, rows);
  }

  /** Every page of the Table list across namespaces, as kubectl asks for them. */
  private void readAllPages() throws IOException, InterruptedException {
    JsonMapper json = JsonMapper.builder().build();
    String next = "";
    do {
      String path =
          "/apis/ubernetes.io/v1/federatedworkloads?limit=500"
              + (next.isEmpty() ? "" : "&continue=" + next);
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .header("Authorization", "Bearer " + token)
                  .header("Accept", ACCEPT_TABLE)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (page.statusCode() != 200) {
        throw new IllegalStateException("listing failed: " + page.statusCode() + page.body());
      }
      JsonNode table = json.readTree(page.body());
      next = table.path("metadata").path("continue").asString("");
    } while (!next.isEmpty());
  }

  private void create(int workloads, String body) throws Exception {
    Semaphore inFlight = new Semaphore(CONCURRENCY);
    List<Future<Integer>> created = new ArrayList<>();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < workloads; i++) {
        String namespace = "fleet-%02d".formatted(i % NAMESPACES);
        String name = "w-%05d".formatted(i);
        inFlight.acquire();
        created.add(
            clients.submit(
                () -> {
                  try {
                    return http.send(
                            HttpRequest.newBuilder(
                                    URI.create(
                                        base + "/api/v1/namespaces/" + namespace + "/workloads"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                        body.replace("%NAME%", name)))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                  } finally {
                    inFlight.release();
                  }
                }));
      }
    }
    for (Future<Integer> status : created) {
      if (status.get() != 201) {
        throw new IllegalStateException("a create answered " + status.get());
      }
    }
  }

  private Path kubeconfig() throws IOException {
    Path file = work.resolve("kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: benchmark
          cluster: {server: "%s", certificate-authority-data: "%s"}
        users:
        - name: admin
          user: {token: "%s"}
        contexts:
        - name: benchmark
          context: {cluster: benchmark, user: admin}
        current-context: benchmark
        """
            .formatted(
                base,
                Base64.getEncoder()
                    .encodeToString(certificate.pem().getBytes(StandardCharsets.US_ASCII)),
                token));
    return file;
  }
}
