package io.ubernetes.federation.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostmasterPidFileTest {
  @TempDir Path data;

  @Test
  void readsThePidTheDirectoryThePortAndWhetherTheServerIsReady() throws IOException {
    Files.write(
        data.resolve("postmaster.pid"),
        List.of(
            "4242",
            data.toString(),
            "1796500000",
            "5433",
            "",
            "127.0.0.1",
            "  5309732    720913",
            "ready   "));

    assertThat(PostmasterPidFile.read(data))
        .hasValue(new PostmasterPidFile(4242, data.toString(), 5433, "ready"));
    assertThat(PostmasterPidFile.read(data).orElseThrow().ready()).isTrue();
  }

  @Test
  void aServerStillStartingHasWrittenItsPidButIsNotReady() throws IOException {
    Files.write(data.resolve("postmaster.pid"), List.of("4242", data.toString()));

    assertThat(PostmasterPidFile.read(data))
        .hasValue(new PostmasterPidFile(4242, data.toString(), -1, ""));
    assertThat(PostmasterPidFile.read(data).orElseThrow().ready()).isFalse();
  }

  @Test
  void noFileOrNoPidIsNoServer() throws IOException {
    assertThat(PostmasterPidFile.read(data)).isEmpty();

    Files.writeString(data.resolve("postmaster.pid"), "");
    assertThat(PostmasterPidFile.read(data)).isEmpty();

    Files.writeString(data.resolve("postmaster.pid"), "not a pid\n");
    assertThat(PostmasterPidFile.read(data)).isEmpty();
  }
}
