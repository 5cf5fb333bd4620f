package io.ubernetes.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

class TemplateHashesTest {
  private final TemplateHashes hashes = new TemplateHashes();

  private static PodTemplateSpec template(String image) {
    return new PodTemplateSpecBuilder()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }

  private static Deployment deployment(String uid) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .withUid(uid)
        .endMetadata()
        .build();
  }

  @Test
  void answersThePodsHashAndFollowsTemplateChanges() {
    Deployment web = deployment("u1");

    assertThat(hashes.of(web, template("nginx:1.27")))
        .isEqualTo(Pods.templateHash(template("nginx:1.27")));
    // An equal template from a fresh copy of the object, as informers deliver them.
    assertThat(hashes.of(web, template("nginx:1.27")))
        .isEqualTo(Pods.templateHash(template("nginx:1.27")));
    assertThat(hashes.of(web, template("nginx:1.28")))
        .isEqualTo(Pods.templateHash(template("nginx:1.28")))
        .isNotEqualTo(Pods.templateHash(template("nginx:1.27")));
  }

  @Test
  void aWorkloadReplacedUnderTheSameNameIsHashedForItself() {
    hashes.of(deployment("u1"), template("nginx:1.27"));
    hashes.forgetUnseen();
    hashes.forgetUnseen();

    assertThat(hashes.of(deployment("u2"), template("nginx:1.28")))
        .isEqualTo(Pods.templateHash(template("nginx:1.28")));
    assertThat(hashes.of(deployment("u1"), template("nginx:1.29")))
        .isEqualTo(Pods.templateHash(template("nginx:1.29")));
  }
}
