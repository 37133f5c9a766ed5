output "node_pool" {
  description = "The serving node pool's id."
  value       = google_container_node_pool.serving.id
}

output "kubeconfig_command" {
  description = "How to point kubectl at the cluster."
  value       = "gcloud container clusters get-credentials ${var.cluster_name} --region ${var.region} --project ${var.project}"
}
