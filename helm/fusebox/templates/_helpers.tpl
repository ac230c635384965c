{{/* Chart name, cut to the 63 characters a label value allows. */}}
{{- define "fusebox.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full name of the release's objects: the release name, plus the chart name unless it is already in it. */}}
{{- define "fusebox.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels on every object of the chart. */}}
{{- define "fusebox.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "fusebox.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: fusebox
{{- end -}}

{{/* Labels that select the operator's Pods; they never change between upgrades. */}}
{{- define "fusebox.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fusebox.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{/* Name of the operator's ServiceAccount. */}}
{{- define "fusebox.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "fusebox.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Operator image reference: repository plus digest, or plus tag (default: appVersion). */}}
{{- define "fusebox.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/*
Rules of the operator's namespaced permissions: the policies it reconciles, the objects it
generates for them, the workloads it reads and the Warning events it records. The cluster-wide
mode puts them in a ClusterRole, the namespaced mode in one Role per watched namespace. Each verb
is one the operator uses: informers list and watch, server-side apply writes with patch and needs
create as well when the object does not exist yet, and JOSDK deletes a generated object when its
section leaves the spec.
*/}}
{{- define "fusebox.namespacedRules" -}}
- apiGroups: ["fusebox.io"]
  resources: ["circuitbreakerpolicies"]
  verbs: ["list", "watch"]
- apiGroups: ["fusebox.io"]
  resources: ["circuitbreakerpolicies/status"]
  verbs: ["patch"]
# With the OwnerReferencesPermissionEnforcement admission plugin, an owner reference with
# blockOwnerDeletion needs update on the owner's finalizers.
- apiGroups: ["fusebox.io"]
  resources: ["circuitbreakerpolicies/finalizers"]
  verbs: ["update"]
# delete: with the same plugin, adopting a ConfigMap (adding the owner reference to an existing
# one) needs delete on it. The garbage collector deletes ConfigMaps with their policy.
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["monitoring.coreos.com"]
  resources: ["servicemonitors", "prometheusrules"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets"]
  verbs: ["list", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end -}}
