# An EKS cluster (terraform-aws-modules/eks) with a system node group and the serving node group:
# spot capacity and a GPU AMI when chosen. Spot nodes carry the taint pipewright.io/spot=true and GPU
# nodes nvidia.com/gpu=present; the chart's values tolerate exactly these.
provider "aws" {
  region = var.region
}

locals {
  serving_labels = merge(
    { "pipewright.io/pool" = "serving" },
    var.gpu ? { "pipewright.io/gpu" = "true" } : {},
  )
  serving_taints = merge(
    var.spot ? { spot = { key = "pipewright.io/spot", value = "true", effect = "NO_SCHEDULE" } } : {},
    var.gpu ? { gpu = { key = "nvidia.com/gpu", value = "present", effect = "NO_SCHEDULE" } } : {},
  )
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.37"

  cluster_name                             = var.cluster_name
  cluster_version                          = var.kubernetes_version
  vpc_id                                   = var.vpc_id
  subnet_ids                               = var.subnet_ids
  cluster_endpoint_public_access           = var.public_endpoint
  enable_cluster_creator_admin_permissions = true

  eks_managed_node_groups = {
    system = {
      ami_type       = "AL2023_x86_64_STANDARD"
      instance_types = var.system_instance_types
      min_size       = 2
      max_size       = 3
      desired_size   = 2
    }

    serving = {
      ami_type       = var.gpu ? "AL2023_x86_64_NVIDIA" : "AL2023_x86_64_STANDARD"
      instance_types = var.serving_instance_types
      capacity_type  = var.spot ? "SPOT" : "ON_DEMAND"
      min_size       = var.serving_min_nodes
      max_size       = var.serving_max_nodes
      desired_size   = var.serving_min_nodes
      labels         = local.serving_labels
      taints         = local.serving_taints
    }
  }

  tags = var.tags
}
