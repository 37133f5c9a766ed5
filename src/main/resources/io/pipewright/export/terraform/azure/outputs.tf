output "node_pool" {
  description = "The serving node pool's id."
  value       = azurerm_kubernetes_cluster_node_pool.serving.id
}

output "kubeconfig_command" {
  description = "How to point kubectl at the cluster."
  value       = "az aks get-credentials --resource-group ${var.resource_group} --name ${var.cluster_name}"
}
