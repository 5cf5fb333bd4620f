package io.ubernetes.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltInHealthTest {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(JsonParser.Feature.ALLOW_SINGLE_QUOTES, true)
          .configure(JsonParser.Feature.ALLOW_UNQUOTED_FIELD_NAMES, true);

  private static Arguments row(String name, String object, String health, String reason) {
    return Arguments.of(name, object, health, reason);
  }

  static Stream<Arguments> objects() {
    return Stream.of(
        row(
            "Deployment available",
            "{apiVersion:'apps/v1',kind:'Deployment',metadata:{generation:2},spec:{replicas:3},"
                + "status:{observedGeneration:2,replicas:3,updatedReplicas:3,availableReplicas:3}}",
            "Healthy",
            "Available"),
        row(
            "Deployment not observed yet",
            "{apiVersion:'apps/v1',kind:'Deployment',metadata:{generation:3},spec:{replicas:3},"
                + "status:{observedGeneration:2,replicas:3,updatedReplicas:3,availableReplicas:3}}",
            "Progressing",
            "ObservedGenerationBehind"),
        row(
            "Deployment rolling out",
            "{apiVersion:'apps/v1',kind:'Deployment',metadata:{generation:2},spec:{replicas:3},"
                + "status:{observedGeneration:2,replicas:4,updatedReplicas:1,availableReplicas:3}}",
            "Progressing",
            "RollingOut"),
        row(
            "Deployment old replicas still there",
            "{apiVersion:'apps/v1',kind:'Deployment',metadata:{generation:2},spec:{replicas:3},"
                + "status:{observedGeneration:2,replicas:4,updatedReplicas:3,availableReplicas:3}}",
            "Progressing",
            "RollingOut"),
        row(
            "Deployment not all available",
            "{apiVersion:'apps/v1',kind:'Deployment',metadata:{generation:2},spec:{replicas:3},"
                + "status:{observedGeneration:2,replicas:3,updatedReplicas:3,availableReplicas:2}}",
            "Progressing",
            "Unavailable"),
        row(
            "Deployment past its progress deadline",
            "{apiVersion:'apps/v1',kind:'Deployment',metadata:{generation:2},spec:{replicas:3},"
                + "status:{observedGeneration:2,replicas:3,updatedReplicas:1,availableReplicas:2,"
                + "conditions:[{type:'Progressing',status:'False',"
                + "reason:'ProgressDeadlineExceeded',message:'ReplicaSet web-1 has timed out'}]}}",
            "Degraded",
            "ProgressDeadlineExceeded"),
        row(
            "Deployment of one replica by default, none yet",
            "{apiVersion:'apps/v1',kind:'Deployment',metadata:{generation:1},spec:{}}",
            "Progressing",
            "RollingOut"),
        row(
            "StatefulSet ready",
            "{apiVersion:'apps/v1',kind:'StatefulSet',metadata:{generation:1},spec:{replicas:2},"
                + "status:{observedGeneration:1,readyReplicas:2,updatedReplicas:2}}",
            "Healthy",
            "Ready"),
        row(
            "StatefulSet partitioned update done",
            "{apiVersion:'apps/v1',kind:'StatefulSet',metadata:{generation:1},spec:{replicas:3,"
                + "updateStrategy:{rollingUpdate:{partition:2}}},"
                + "status:{observedGeneration:1,readyReplicas:3,updatedReplicas:1}}",
            "Healthy",
            "Ready"),
        row(
            "StatefulSet not ready",
            "{apiVersion:'apps/v1',kind:'StatefulSet',metadata:{generation:1},spec:{replicas:2},"
                + "status:{observedGeneration:1,readyReplicas:1,updatedReplicas:2}}",
            "Progressing",
            "Unavailable"),
        row(
            "DaemonSet available",
            "{apiVersion:'apps/v1',kind:'DaemonSet',metadata:{generation:1},"
                + "status:{observedGeneration:1,desiredNumberScheduled:4,updatedNumberScheduled:4,"
                + "numberAvailable:4}}",
            "Healthy",
            "Available"),
        row(
            "DaemonSet updating",
            "{apiVersion:'apps/v1',kind:'DaemonSet',metadata:{generation:1},"
                + "status:{observedGeneration:1,desiredNumberScheduled:4,updatedNumberScheduled:2,"
                + "numberAvailable:4}}",
            "Progressing",
            "RollingOut"),
        row(
            "Job complete",
            "{apiVersion:'batch/v1',kind:'Job',status:{succeeded:1,"
                + "conditions:[{type:'Complete',status:'True'}]}}",
            "Healthy",
            "Complete"),
        row(
            "Job failed",
            "{apiVersion:'batch/v1',kind:'Job',status:{failed:4,conditions:[{type:'Failed',"
                + "status:'True',reason:'BackoffLimitExceeded',message:'Job has reached the"
                + " specified backoff limit'}]}}",
            "Degraded",
            "BackoffLimitExceeded"),
        row(
            "Job running",
            "{apiVersion:'batch/v1',kind:'Job',status:{active:2}}",
            "Progressing",
            "Running"),
        row(
            "Job not started",
            "{apiVersion:'batch/v1',kind:'Job',status:{}}",
            "Progressing",
            "Pending"),
        row(
            "Job suspended",
            "{apiVersion:'batch/v1',kind:'Job',spec:{suspend:true}}",
            "Progressing",
            "Suspended"),
        row(
            "CronJob suspended",
            "{apiVersion:'batch/v1',kind:'CronJob',spec:{suspend:true}}",
            "Healthy",
            "Suspended"),
        row(
            "CronJob never scheduled",
            "{apiVersion:'batch/v1',kind:'CronJob',spec:{schedule:'*/5 * * * *'},status:{}}",
            "Healthy",
            "NotScheduledYet"),
        row(
            "CronJob last run succeeded",
            "{apiVersion:'batch/v1',kind:'CronJob',status:{lastScheduleTime:'2026-12-07T07:00:00Z',"
                + "lastSuccessfulTime:'2026-12-07T07:01:10Z'}}",
            "Healthy",
            "Succeeded"),
        row(
            "CronJob last run failed",
            "{apiVersion:'batch/v1',kind:'CronJob',status:{lastScheduleTime:'2026-12-07T07:05:00Z',"
                + "lastSuccessfulTime:'2026-12-07T07:01:10Z'}}",
            "Degraded",
            "LastJobFailed"),
        row(
            "CronJob running",
            "{apiVersion:'batch/v1',kind:'CronJob',status:{lastScheduleTime:'2026-12-07T07:05:00Z',"
                + "active:[{name:'report-29'}]}}",
            "Healthy",
            "Running"),
        row(
            "LoadBalancer Service pending",
            "{apiVersion:'v1',kind:'Service',spec:{type:'LoadBalancer'},status:{loadBalancer:{}}}",
            "Progressing",
            "LoadBalancerPending"),
        row(
            "LoadBalancer Service with an address",
            "{apiVersion:'v1',kind:'Service',spec:{type:'LoadBalancer'},"
                + "status:{loadBalancer:{ingress:[{ip:'203.0.113.7'}]}}}",
            "Healthy",
            "Present"),
        row(
            "ClusterIP Service",
            "{apiVersion:'v1',kind:'Service',spec:{type:'ClusterIP'}}",
            "Healthy",
            "Present"),
        row(
            "Ingress with an address",
            "{apiVersion:'networking.k8s.io/v1',kind:'Ingress',"
                + "status:{loadBalancer:{ingress:[{hostname:'lb.example.com'}]}}}",
            "Healthy",
            "LoadBalancerReady"),
        row(
            "Ingress without one",
            "{apiVersion:'networking.k8s.io/v1',kind:'Ingress',status:{loadBalancer:{}}}",
            "Progressing",
            "LoadBalancerPending"),
        row(
            "claim bound",
            "{apiVersion:'v1',kind:'PersistentVolumeClaim',status:{phase:'Bound'}}",
            "Healthy",
            "Bound"),
        row(
            "claim pending",
            "{apiVersion:'v1',kind:'PersistentVolumeClaim',status:{phase:'Pending'}}",
            "Progressing",
            "Pending"),
        row(
            "claim lost",
            "{apiVersion:'v1',kind:'PersistentVolumeClaim',status:{phase:'Lost'}}",
            "Degraded",
            "Lost"),
        row(
            "custom resource Ready",
            "{apiVersion:'db.example.com/v1',kind:'Database',metadata:{generation:1},"
                + "status:{conditions:[{type:'Ready',status:'True',reason:'Provisioned'}]}}",
            "Healthy",
            "Provisioned"),
        row(
            "custom resource not Ready",
            "{apiVersion:'db.example.com/v1',kind:'Database',status:{conditions:[{type:'Ready',"
                + "status:'False',reason:'QuotaExceeded',message:'no storage left'}]}}",
            "Degraded",
            "QuotaExceeded"),
        row(
            "custom resource Ready unknown",
            "{apiVersion:'db.example.com/v1',kind:'Database',"
                + "status:{conditions:[{type:'Ready',status:'Unknown'}]}}",
            "Progressing",
            "ReadyUnknown"),
        row(
            "custom resource Ready but an older generation",
            "{apiVersion:'db.example.com/v1',kind:'Database',metadata:{generation:3},"
                + "status:{observedGeneration:2,conditions:[{type:'Ready',status:'True'}]}}",
            "Progressing",
            "ObservedGenerationBehind"),
        row(
            "custom resource Available",
            "{apiVersion:'cache.example.com/v1',kind:'Cache',"
                + "status:{conditions:[{type:'Available',status:'True'}]}}",
            "Healthy",
            "Available"),
        row(
            "a Deployment of another group is judged by its conditions",
            "{apiVersion:'example.com/v1',kind:'Deployment',status:{replicas:0}}",
            null,
            null),
        row("ConfigMap", "{apiVersion:'v1',kind:'ConfigMap',data:{}}", "Healthy", "Present"),
        row("Secret", "{apiVersion:'v1',kind:'Secret'}", "Healthy", "Present"),
        row(
            "ClusterRole",
            "{apiVersion:'rbac.authorization.k8s.io/v1',kind:'ClusterRole'}",
            "Healthy",
            "Present"),
        row(
            "CRD established",
            "{apiVersion:'apiextensions.k8s.io/v1',kind:'CustomResourceDefinition',"
                + "status:{conditions:[{type:'Established',status:'True',reason:'InitialNamesAccepted'}]}}",
            "Healthy",
            "InitialNamesAccepted"),
        row(
            "CRD not yet established",
            "{apiVersion:'apiextensions.k8s.io/v1',kind:'CustomResourceDefinition',status:{}}",
            "Progressing",
            "EstablishedMissing"),
        row(
            "Namespace terminating",
            "{apiVersion:'v1',kind:'Namespace',status:{phase:'Terminating'}}",
            "Progressing",
            "Terminating"),
        row(
            "custom resource without conditions has no rule",
            "{apiVersion:'db.example.com/v1',kind:'Database',status:{phase:'Running'}}",
            null,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objects")
  void judgesByTheRuleOfTheKind(String name, String object, String health, String reason)
      throws Exception {
    BuiltInHealth.Verdict verdict =
        BuiltInHealth.of(JSON.readValue(object, new TypeReference<Map<String, Object>>() {}));
    if (health == null) {
      assertThat(verdict).isNull();
    } else {
      assertThat(verdict).isNotNull();
      assertThat(verdict.health()).isEqualTo(health);
      assertThat(verdict.reason()).isEqualTo(reason);
    }
  }
}
