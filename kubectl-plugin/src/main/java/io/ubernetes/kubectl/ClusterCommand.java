package io.ubernetes.kubectl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A command about one member cluster, named by its one argument. */
abstract class ClusterCommand implements Callable<Integer> {
  @ParentCommand Ubernetes ubernetes;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CLUSTER", description = "the member cluster's name")
  String cluster;

  /** Prints one line of what was done, as kubectl does ({@code membercluster/x cordoned}). */
  void done(String line) {
    spec.commandLine().getOut().println(line);
    spec.commandLine().getOut().flush();
  }
}
