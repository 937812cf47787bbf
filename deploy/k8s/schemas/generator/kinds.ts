// The kinds deploy/k8s uses that come with typed models on npm (generated from the Kubernetes OpenAPI and
// from the operators' CRDs); generate.sh turns each interface into a strict JSON Schema.
export { IDeployment } from "kubernetes-models/apps/v1";
export { IConfigMap, IService, IServiceAccount } from "kubernetes-models/v1";
export { IPodDisruptionBudget } from "kubernetes-models/policy/v1";
export { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
export { IIngress, INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
export { ICluster } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1";
export { IServiceMonitor, IPrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
export { IScaledObject, ITriggerAuthentication } from "@kubernetes-models/keda/keda.sh/v1alpha1";
