{{/* The chart's name, or nameOverride. */}}
{{- define "pipewright.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The name of every resource: the release name, unless fullnameOverride is set. Kept under 63 characters with room for suffixes. */}}
{{- define "pipewright.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" }}
{{- else if contains (include "pipewright.name" .) .Release.Name }}
{{- .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "pipewright.name" .) | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "pipewright.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "pipewright.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pipewright.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "pipewright.labels" -}}
helm.sh/chart: {{ include "pipewright.chart" . }}
{{ include "pipewright.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: pipewright
pipewright.io/model: {{ .Values.model.name | quote }}
pipewright.io/model-version: {{ .Values.model.version | quote }}
{{- end }}

{{- define "pipewright.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "pipewright.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The workload autoscalers and Services point at: an Argo Rollout for canary and blue-green, else a Deployment. */}}
{{- define "pipewright.usesRollout" -}}
{{- if or (eq .Values.rollout.strategy "canary") (eq .Values.rollout.strategy "blue-green") }}true{{ end }}
{{- end }}

{{/* Two Deployments (stable and candidate) behind Istio subsets for shadow and A/B. */}}
{{- define "pipewright.usesSubsets" -}}
{{- if or (eq .Values.rollout.strategy "shadow") (eq .Values.rollout.strategy "ab") }}true{{ end }}
{{- end }}

{{/* Whether the server also answers gRPC (the Open Inference Protocol) on grpc.port; absent from values.yaml means no. */}}
{{- define "pipewright.grpcEnabled" -}}
{{- if .Values.grpc }}{{ if .Values.grpc.enabled }}true{{ end }}{{ end }}
{{- end }}

{{/* Whether a Deployment runs `pipewright stream` from Kafka beside the server; absent from values.yaml means no. */}}
{{- define "pipewright.streamEnabled" -}}
{{- if .Values.stream }}{{ if .Values.stream.enabled }}true{{ end }}{{ end }}
{{- end }}

{{/* The streaming scorer's own name and selector: the server's Service, PDB and NetworkPolicy must not select its pods. */}}
{{- define "pipewright.streamSelectorLabels" -}}
app.kubernetes.io/name: {{ printf "%s-stream" (include "pipewright.name" .) | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "pipewright.streamLabels" -}}
helm.sh/chart: {{ include "pipewright.chart" . }}
{{ include "pipewright.streamSelectorLabels" . }}
app.kubernetes.io/component: stream
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: pipewright
pipewright.io/model: {{ .Values.model.name | quote }}
pipewright.io/model-version: {{ .Values.model.version | quote }}
{{- end }}

{{/* The prediction endpoints, as the serving runtime labels its request timers. */}}
{{- define "pipewright.predictEndpoints" -}}
endpoint=~"infer|predict"
{{- end }}

{{/*
The pod template shared by the Deployment, the candidate Deployment and the Rollout.
Call with (dict "root" $ "tag" "1.0.0" "track" "stable").
*/}}
{{- define "pipewright.podTemplate" -}}
{{- $root := .root -}}
{{- $values := $root.Values -}}
metadata:
  labels:
    {{- include "pipewright.selectorLabels" $root | nindent 4 }}
    pipewright.io/track: {{ .track }}
  annotations:
    pipewright.io/model-sha256: {{ $values.model.sha256 | quote }}
    {{- with $values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "pipewright.serviceAccountName" $root }}
  automountServiceAccountToken: false
  # the server drains for serve.drainSeconds after SIGTERM; Kubernetes must wait a little longer
  terminationGracePeriodSeconds: {{ add $values.serve.drainSeconds 10 }}
  securityContext:
    runAsNonRoot: true
    runAsUser: {{ $values.securityContext.uid }}
    runAsGroup: {{ $values.securityContext.gid }}
    fsGroup: {{ $values.securityContext.gid }}
    seccompProfile:
      type: RuntimeDefault
  {{- with $values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: server
      image: "{{ $values.image.repository }}:{{ .tag }}"
      imagePullPolicy: {{ $values.image.pullPolicy }}
      args:
        - --max-batch
        - {{ $values.serve.maxBatch | quote }}
        - --max-latency-ms
        - {{ $values.serve.maxLatencyMs | quote }}
        - --drift-window
        - {{ $values.serve.driftWindow | quote }}
        - --drain-seconds
        - {{ $values.serve.drainSeconds | quote }}
        {{- if include "pipewright.grpcEnabled" $root }}
        - --grpc-port
        - {{ $values.grpc.port | quote }}
        {{- end }}
      env:
        - name: JAVA_TOOL_OPTIONS
          value: {{ $values.serve.javaOptions | quote }}
        - name: PIPEWRIGHT_HOME
          value: /tmp/pipewright
        {{- if $values.features }}{{- include "pipewright.featuresEnv" $values | nindent 8 }}{{- end }}
      ports:
        - name: http
          containerPort: {{ $values.serve.port }}
          protocol: TCP
        {{- if include "pipewright.grpcEnabled" $root }}
        - name: grpc
          containerPort: {{ $values.grpc.port }}
          protocol: TCP
        {{- end }}
      startupProbe:
        httpGet:
          path: /v2/health/ready
          port: http
        periodSeconds: 2
        failureThreshold: {{ $values.probes.startupFailureThreshold }}
      livenessProbe:
        httpGet:
          path: /v2/health/live
          port: http
        periodSeconds: 10
        timeoutSeconds: 2
        failureThreshold: 3
      readinessProbe:
        httpGet:
          path: /v2/health/ready
          port: http
        periodSeconds: 5
        timeoutSeconds: 2
        failureThreshold: 2
      resources:
        requests:
          cpu: {{ $values.resources.requests.cpu | quote }}
          memory: {{ $values.resources.requests.memory | quote }}
        limits:
          {{- with $values.resources.limits.cpu }}
          cpu: {{ . | quote }}
          {{- end }}
          memory: {{ $values.resources.limits.memory | quote }}
          {{- if $values.gpu.enabled }}
          {{ $values.gpu.resourceName }}: {{ $values.gpu.count }}
          {{- end }}
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        runAsNonRoot: true
        runAsUser: {{ $values.securityContext.uid }}
        runAsGroup: {{ $values.securityContext.gid }}
        capabilities:
          drop:
            - ALL
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: tmp
      emptyDir:
        sizeLimit: {{ $values.tmpSizeLimit }}
  {{- $nodeSelector := deepCopy $values.nodeSelector }}
  {{- if $values.gpu.enabled }}{{ $nodeSelector = merge $nodeSelector $values.gpu.nodeSelector }}{{ end }}
  {{- if $values.spot.enabled }}{{ $nodeSelector = merge $nodeSelector $values.spot.nodeSelector }}{{ end }}
  {{- with $nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- $tolerations := $values.tolerations }}
  {{- if $values.gpu.enabled }}{{ $tolerations = concat $tolerations $values.gpu.tolerations }}{{ end }}
  {{- if $values.spot.enabled }}{{ $tolerations = concat $tolerations $values.spot.tolerations }}{{ end }}
  {{- with $tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- if $values.topologySpread.enabled }}
  topologySpreadConstraints:
    - maxSkew: {{ $values.topologySpread.maxSkew }}
      topologyKey: topology.kubernetes.io/zone
      whenUnsatisfiable: {{ $values.topologySpread.whenUnsatisfiable }}
      labelSelector:
        matchLabels:
          {{- include "pipewright.selectorLabels" $root | nindent 10 }}
    - maxSkew: 1
      topologyKey: kubernetes.io/hostname
      whenUnsatisfiable: ScheduleAnyway
      labelSelector:
        matchLabels:
          {{- include "pipewright.selectorLabels" $root | nindent 10 }}
  {{- end }}
{{- end }}

{{/*
The online feature store a model trained through a features node reads by entity key: its URL, and its login from a Secret
(keys user and password) named for `pipewright serve` and `pipewright stream` by $PIPEWRIGHT_ONLINE_CREDENTIALS. Takes .Values.
*/}}
{{- define "pipewright.featuresEnv" -}}
{{- with .features -}}
- name: PIPEWRIGHT_ONLINE
  value: {{ .online | quote }}
{{- if .credentialsSecret }}
- name: PIPEWRIGHT_ONLINE_CREDENTIALS
  value: online
- name: PIPEWRIGHT_DB_ONLINE_USER
  valueFrom:
    secretKeyRef:
      name: {{ .credentialsSecret }}
      key: user
- name: PIPEWRIGHT_DB_ONLINE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .credentialsSecret }}
      key: password
{{- end }}
{{- end }}
{{- end }}

{{/* The egress rule to the online feature store's ports, when the model reads one. Takes .Values. */}}
{{- define "pipewright.featuresEgress" -}}
{{- with .features -}}
- ports:
    {{- range .ports }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
{{- end }}
{{- end }}
