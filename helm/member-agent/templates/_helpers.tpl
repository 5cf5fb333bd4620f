{{/* The chart's name, shortened to a DNS label. */}}
{{- define "member-agent.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: the release name alone when it already names the chart. */}}
{{- define "member-agent.fullname" -}}
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

{{- define "member-agent.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "member-agent.selectorLabels" -}}
app.kubernetes.io/name: {{ include "member-agent.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "member-agent.labels" -}}
helm.sh/chart: {{ include "member-agent.chart" . }}
{{ include "member-agent.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: member-agent
app.kubernetes.io/part-of: ubernetes
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "member-agent.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "member-agent.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "member-agent.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The member cluster's name: given, or the release name; always a DNS-1123 label. */}}
{{- define "member-agent.clusterName" -}}
{{- $name := default .Release.Name .Values.cluster.name }}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$" $name) }}
{{- fail (printf "cluster.name: %q (the release name, when cluster.name is empty) must be a DNS-1123 label: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit" $name) }}
{{- end }}
{{- $name }}
{{- end }}

{{/* Where the CA bundle comes from: "pem", "configMap", "secret" or "" (none). */}}
{{- define "member-agent.caSource" -}}
{{- $ca := .Values.federation.ca }}
{{- $given := list }}
{{- if $ca.pem }}{{ $given = append $given "pem" }}{{ end }}
{{- if $ca.existingConfigMap }}{{ $given = append $given "configMap" }}{{ end }}
{{- if $ca.existingSecret }}{{ $given = append $given "secret" }}{{ end }}
{{- if gt (len $given) 1 }}
{{- fail (printf "federation.ca: give at most one of pem, existingConfigMap and existingSecret, got %s" (join ", " $given)) }}
{{- end }}
{{- first $given | default "" }}
{{- end }}
