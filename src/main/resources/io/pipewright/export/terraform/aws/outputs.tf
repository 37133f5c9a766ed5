output "cluster_name" {
  description = "The cluster's name, for aws eks update-kubeconfig."
  value       = module.eks.cluster_name
}

output "cluster_endpoint" {
  description = "The Kubernetes API endpoint."
  value       = module.eks.cluster_endpoint
}

output "serving_node_group" {
  description = "The serving node group's id."
  value       = module.eks.eks_managed_node_groups["serving"].node_group_id
}

output "kubeconfig_command" {
  description = "How to point kubectl at the cluster."
  value       = "aws eks update-kubeconfig --region ${var.region} --name ${module.eks.cluster_name}"
}
