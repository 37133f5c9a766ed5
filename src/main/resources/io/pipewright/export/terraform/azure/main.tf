# The serving node pool of an existing AKS cluster: spot priority and GPU VMs when chosen. AKS taints
# spot nodes kubernetes.azure.com/scalesetpriority=spot by itself; GPU nodes get nvidia.com/gpu=present.
# The chart's values tolerate exactly these.
provider "azurerm" {
  features {}
  subscription_id = var.subscription_id
}

data "azurerm_kubernetes_cluster" "this" {
  name                = var.cluster_name
  resource_group_name = var.resource_group
}

resource "azurerm_kubernetes_cluster_node_pool" "serving" {
  name                  = "serving"
  kubernetes_cluster_id = data.azurerm_kubernetes_cluster.this.id
  vm_size               = var.vm_size
  auto_scaling_enabled  = true
  min_count             = var.serving_min_nodes
  max_count             = var.serving_max_nodes
  zones                 = var.zones
  priority              = var.spot ? "Spot" : "Regular"
  eviction_policy       = var.spot ? "Delete" : null
  spot_max_price        = var.spot ? -1 : null

  node_labels = merge(
    { "pipewright.io/pool" = "serving" },
    var.gpu ? { "pipewright.io/gpu" = "true" } : {},
  )

  node_taints = concat(
    var.spot ? ["kubernetes.azure.com/scalesetpriority=spot:NoSchedule"] : [],
    var.gpu ? ["nvidia.com/gpu=present:NoSchedule"] : [],
  )

  tags = var.tags
}
