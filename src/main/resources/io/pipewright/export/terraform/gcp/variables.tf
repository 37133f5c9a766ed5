variable "project" {
  description = "The Google Cloud project."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project))
    error_message = "The project id is 6 to 30 lower-case letters, digits and '-'."
  }
}

variable "region" {
  description = "The region of the (regional) cluster."
  type        = string

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]$", var.region))
    error_message = "The region must look like europe-west4."
  }
}

variable "cluster_name" {
  description = "The existing GKE cluster the node pool joins."
  type        = string
}

variable "machine_type" {
  description = "The serving nodes' machine type (an accelerator-optimized one, such as g2-standard-8, with a GPU)."
  type        = string
  default     = "n2-standard-4"
}

variable "serving_min_nodes" {
  description = "The fewest serving nodes per zone."
  type        = number
  default     = 1

  validation {
    condition     = var.serving_min_nodes >= 0
    error_message = "The node count cannot be negative."
  }
}

variable "serving_max_nodes" {
  description = "The most serving nodes per zone."
  type        = number
  default     = 3

  validation {
    condition     = var.serving_max_nodes >= 1
    error_message = "At least one serving node."
  }
}

variable "spot" {
  description = "Run the serving nodes on spot VMs."
  type        = bool
  default     = false
}

variable "gpu" {
  description = "Attach GPUs to the serving nodes."
  type        = bool
  default     = false
}

variable "gpu_type" {
  description = "The accelerator type, such as nvidia-l4 or nvidia-tesla-t4."
  type        = string
  default     = "nvidia-l4"
}

variable "gpu_count" {
  description = "GPUs per serving node."
  type        = number
  default     = 1

  validation {
    condition     = var.gpu_count >= 1
    error_message = "At least one GPU per node."
  }
}
