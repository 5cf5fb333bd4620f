{{/* The chart's name, shortened to a DNS label. */}}
{{- define "ubernetes.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: the release name alone when it already names the chart. */}}
{{- define "ubernetes.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "ubernetes.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ubernetes.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ubernetes.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "ubernetes.labels" -}}
helm.sh/chart: {{ include "ubernetes.chart" . }}
{{ include "ubernetes.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: federation
app.kubernetes.io/part-of: ubernetes
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "ubernetes.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ubernetes.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "ubernetes.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The JDBC URL: given whole, or built from its parts. */}}
{{- define "ubernetes.databaseUrl" -}}
{{- if .Values.database.url }}
{{- .Values.database.url }}
{{- else }}
{{- printf "jdbc:postgresql://%s:%d/%s?sslmode=%s" .Values.database.host (int .Values.database.port) .Values.database.name .Values.database.sslMode }}
{{- end }}
{{- end }}

{{/* Whether more than one replica may run, which is when a PodDisruptionBudget helps. */}}
{{- define "ubernetes.multipleReplicas" -}}
{{- if or .Values.autoscaling.enabled (gt (int .Values.replicaCount) 1) }}true{{- end }}
{{- end }}

{{- define "ubernetes.scheme" -}}
{{- if .Values.tls.enabled }}HTTPS{{- else }}HTTP{{- end }}
{{- end }}

{{/* The Spring Boot settings the chart writes, with .Values.config merged over them. */}}
{{- define "ubernetes.applicationYaml" -}}
{{- $written := dict
  "spring" (dict
    "datasource" (dict "hikari" (dict "maximum-pool-size" (int .Values.database.maximumPoolSize))))
  "ubernetes" (dict
    "agents" (dict
      "join-mode" .Values.agents.joinMode
      "data-directory" "/var/lib/ubernetes"
      "heartbeat-timeout" .Values.agents.heartbeatTimeout
      "long-poll-timeout" .Values.agents.longPollTimeout)
    "dns" (dict
      "enabled" .Values.dns.enabled
      "address" "0.0.0.0"
      "port" (int .Values.dns.containerPort)
      "domain" .Values.dns.domain
      "federation" .Values.dns.federation
      "name-servers" .Values.dns.nameServers
      "glue-addresses" .Values.dns.glueAddresses)) }}
{{- toYaml (mergeOverwrite $written (deepCopy .Values.config)) }}
{{- end }}
