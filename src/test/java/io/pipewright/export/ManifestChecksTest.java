package io.pipewright.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The checks over rendered manifests reject what a cluster or a reviewer would: unknown fields, loose images, missing guards. */
class ManifestChecksTest {
    private static final String DEPLOYMENT = """
            ---
            # Source: m/templates/deployment.yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: m
            spec:
              selector:
                matchLabels: {app: m}
              template:
                metadata:
                  labels: {app: m}
                spec:
                  securityContext:
                    runAsNonRoot: true
                    seccompProfile: {type: RuntimeDefault}
                  containers:
                    - name: server
                      image: IMAGE
                      EXTRA
                      resources:
                        requests: {cpu: 250m, memory: 384Mi}
                        limits: {memory: 384Mi}
                      livenessProbe: {httpGet: {path: /v2/health/live, port: 8080}}
                      readinessProbe: {httpGet: {path: /v2/health/ready, port: 8080}}
                      securityContext:
                        allowPrivilegeEscalation: false
                        readOnlyRootFilesystem: true
                        capabilities: {drop: [ALL]}
            """;
    private static final String GUARDS = """
            ---
            # Source: m/templates/pdb.yaml
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: m}
            spec:
              maxUnavailable: 1
              selector: {matchLabels: {app: m}}
            ---
            # Source: m/templates/networkpolicy.yaml
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: m}
            spec:
              podSelector: {matchLabels: {app: m}}
              policyTypes: [Ingress]
            """;

    static String deployment(String image, String extra) {
        return DEPLOYMENT.replace("IMAGE", image).replace("EXTRA", extra);
    }

    @Test
    void aSoundDeploymentPasses() {
        assertThat(ManifestChecks.check(deployment("model:3-abc", "imagePullPolicy: IfNotPresent") + GUARDS)).isEmpty();
    }

    @Test
    void anUnknownFieldIsNamedWithItsPath() {
        assertThat(ManifestChecks.check(deployment("model:3-abc", "imagePulPolicy: IfNotPresent") + GUARDS))
                .containsExactly("m/templates/deployment.yaml (Deployment m): spec.template.spec.containers[0]: unknown field 'imagePulPolicy'");
    }

    @Test
    void aWrongTypeIsNamed() {
        assertThat(ManifestChecks.check(deployment("model:3-abc", "ports: 8080") + GUARDS)).singleElement().asString()
                .startsWith("m/templates/deployment.yaml (Deployment m): not a valid Deployment");
    }

    @Test
    void theLatestTagOrNoTagIsRefused() {
        assertThat(ManifestChecks.check(deployment("registry.example.com:5000/model:latest", "stdin: false") + GUARDS))
                .containsExactly("m/templates/deployment.yaml (Deployment m): container server: image 'registry.example.com:5000/model:latest' uses the latest tag");
        assertThat(ManifestChecks.check(deployment("registry.example.com:5000/model", "stdin: false") + GUARDS)).singleElement().asString()
                .contains("has no tag (it means latest)");
    }

    @Test
    void missingProbesSecurityAndGuardsAreNamed() {
        String loose = deployment("model:1", "stdin: false").replace("livenessProbe: {httpGet: {path: /v2/health/live, port: 8080}}", "terminationMessagePath: /dev/termination-log")
                .replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false");
        assertThat(ManifestChecks.check(loose)).contains(
                "m/templates/deployment.yaml (Deployment m): container server: needs liveness and readiness probes",
                "m/templates/deployment.yaml (Deployment m): container server: readOnlyRootFilesystem must be true",
                "policy: no PodDisruptionBudget for the serving pods", "policy: no NetworkPolicy for the serving pods");
    }

    @Test
    void aPrivilegedContainerOrAHostPathVolumeIsRefused() {
        String privileged = deployment("model:1", "stdin: false").replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: false\n            privileged: true");
        assertThat(ManifestChecks.check(privileged + GUARDS))
                .containsExactly("m/templates/deployment.yaml (Deployment m): container server: must not be privileged");
        String hostPath = deployment("model:1", "stdin: false").replace("      containers:", "      volumes:\n        - {name: models, hostPath: {path: /srv/models}}\n      containers:");
        assertThat(ManifestChecks.check(hostPath + GUARDS))
                .containsExactly("m/templates/deployment.yaml (Deployment m): volume models: hostPath volumes are not allowed");
    }

    @Test
    void customResourcesNeedTheirApiVersionsFieldsAndTargets() {
        String resources = deployment("model:1", "stdin: false") + GUARDS + """
                ---
                # Source: m/templates/scaledobject.yaml
                apiVersion: keda.sh/v1
                kind: ScaledObject
                metadata: {name: m}
                spec:
                  scaleTargetRef: {name: other}
                  triggers:
                    - type: prometheus
                      metadata: {serverAddress: http://prometheus:9090}
                ---
                # Source: m/templates/hpa.yaml
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: m}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: m}
                  minReplicas: 1
                  maxReplicas: 3
                ---
                # Source: m/templates/virtualservice.yaml
                apiVersion: networking.istio.io/v1beta1
                kind: VirtualService
                metadata: {name: m}
                spec:
                  hosts: [m]
                  http:
                    - route:
                        - destination: {host: m, subset: stable}
                          weight: 60
                        - destination: {host: m, subset: canary}
                          weight: 30
                """;
        assertThat(ManifestChecks.check(resources)).containsExactly(
                "m/templates/scaledobject.yaml: ScaledObject is served as [keda.sh/v1alpha1], not keda.sh/v1");
        String fixed = resources.replace("keda.sh/v1\n", "keda.sh/v1alpha1\n");
        assertThat(ManifestChecks.check(fixed)).contains(
                "m/templates/scaledobject.yaml (ScaledObject m): query is required",
                "m/templates/scaledobject.yaml (ScaledObject m): threshold is required",
                "m/templates/virtualservice.yaml (VirtualService m): route : the weights add up to 90, not 100",
                "m/templates/scaledobject.yaml (ScaledObject m): scales Deployment/other, which this chart does not render",
                "m/templates/virtualservice.yaml (VirtualService m): routes to subset stable, which no DestinationRule defines");
        // two autoscalers on one workload fight; on two workloads (the server and the streaming scorer) they do not
        assertThat(ManifestChecks.check(fixed.replace("scaleTargetRef: {name: other}", "scaleTargetRef: {name: m}"))).contains(
                "policy: two autoscalers (an HPA, a KEDA ScaledObject) scale Deployment m (KEDA makes its own HPA; choose one)");
        assertThat(ManifestChecks.check(fixed)).noneMatch(problem -> problem.startsWith("policy: two autoscalers"));
    }

    @Test
    void aScaledObjectIsCheckedAgainstKedasSchema() {
        String scaled = deployment("model:1", "stdin: false") + GUARDS + """
                ---
                # Source: m/templates/stream.yaml
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: m}
                spec:
                  scaleTargetRef: {name: m}
                  minReplicas: 1
                  pollingInterval: often
                  triggers:
                    - type: kafka
                      metadata: {bootstrapServers: 'k:9092', consumerGroup: g, topic: t, lagThreshold: 100}
                """;
        assertThat(ManifestChecks.check(scaled)).containsExactlyInAnyOrder(
                "m/templates/stream.yaml (ScaledObject m): spec.minReplicas: unknown field (KEDA v2.20.2 schema)",
                "m/templates/stream.yaml (ScaledObject m): spec.pollingInterval: must be an integer, not a string (\"often\") (KEDA v2.20.2 schema)",
                "m/templates/stream.yaml (ScaledObject m): spec.triggers[0].metadata.lagThreshold: must be a string, not an integer (100) (KEDA v2.20.2 schema)");
        String fixed = scaled.replace("minReplicas", "minReplicaCount").replace("often", "30").replace("lagThreshold: 100", "lagThreshold: '100'");
        assertThat(ManifestChecks.check(fixed)).isEmpty();
        assertThat(ManifestChecks.check(fixed.replace("consumerGroup: g, ", ""))).containsExactly(
                "m/templates/stream.yaml (ScaledObject m): consumerGroup is required");
    }

    @Test
    void aServiceMustSelectPods() {
        String service = deployment("model:1", "stdin: false") + GUARDS + """
                ---
                # Source: m/templates/service.yaml
                apiVersion: v1
                kind: Service
                metadata: {name: m}
                spec:
                  selector: {app: n}
                  ports: [{port: 80, targetPort: 8080}]
                """;
        assertThat(ManifestChecks.check(service)).containsExactly(
                "m/templates/service.yaml (Service m): its selector {\"app\":\"n\"} matches no pod template of this chart");
    }
}
