variable "region" {
  description = "The AWS region of the cluster."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "The region must look like us-east-1."
  }
}

variable "cluster_name" {
  description = "The EKS cluster's name."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,98}[a-z0-9]$", var.cluster_name))
    error_message = "The cluster name must be lower-case letters, digits and '-'."
  }
}

variable "kubernetes_version" {
  description = "The Kubernetes version of the control plane."
  type        = string
  default     = "1.31"
}

variable "vpc_id" {
  description = "The VPC the cluster runs in."
  type        = string

  validation {
    condition     = startswith(var.vpc_id, "vpc-")
    error_message = "The VPC id starts with vpc-."
  }
}

variable "subnet_ids" {
  description = "Private subnets in at least two availability zones (the pods spread across zones)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "Give subnets in at least two availability zones."
  }
}

variable "public_endpoint" {
  description = "Whether the Kubernetes API is reachable from the internet."
  type        = bool
  default     = false
}

variable "system_instance_types" {
  description = "Instance types of the system node group."
  type        = list(string)
  default     = ["m6i.large"]
}

variable "serving_instance_types" {
  description = "Instance types of the serving node group; several spread spot interruptions."
  type        = list(string)

  validation {
    condition     = length(var.serving_instance_types) > 0
    error_message = "Give at least one instance type."
  }
}

variable "serving_min_nodes" {
  description = "The fewest serving nodes."
  type        = number
  default     = 2

  validation {
    condition     = var.serving_min_nodes >= 1
    error_message = "At least one serving node."
  }
}

variable "serving_max_nodes" {
  description = "The most serving nodes."
  type        = number
  default     = 6

  validation {
    condition     = var.serving_max_nodes >= 1
    error_message = "At least one serving node."
  }
}

variable "spot" {
  description = "Run the serving nodes on spot capacity."
  type        = bool
  default     = false
}

variable "gpu" {
  description = "Use the NVIDIA GPU AMI on the serving nodes (choose GPU instance types)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
