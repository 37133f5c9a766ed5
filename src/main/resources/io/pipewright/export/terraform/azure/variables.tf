variable "subscription_id" {
  description = "The Azure subscription."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.subscription_id))
    error_message = "The subscription id is a GUID."
  }
}

variable "resource_group" {
  description = "The resource group of the existing AKS cluster."
  type        = string
}

variable "cluster_name" {
  description = "The existing AKS cluster the node pool joins."
  type        = string
}

variable "vm_size" {
  description = "The serving nodes' VM size (an NC-series size, such as Standard_NC4as_T4_v3, for a GPU)."
  type        = string
  default     = "Standard_D4s_v5"
}

variable "serving_min_nodes" {
  description = "The fewest serving nodes."
  type        = number
  default     = 2

  validation {
    condition     = var.serving_min_nodes >= 0
    error_message = "The node count cannot be negative."
  }
}

variable "serving_max_nodes" {
  description = "The most serving nodes."
  type        = number
  default     = 6

  validation {
    condition     = var.serving_max_nodes >= 1 && var.serving_max_nodes <= 1000
    error_message = "Between 1 and 1000 serving nodes."
  }
}

variable "zones" {
  description = "Availability zones the serving nodes spread across."
  type        = list(string)
  default     = ["1", "2", "3"]
}

variable "spot" {
  description = "Run the serving nodes at spot priority."
  type        = bool
  default     = false
}

variable "gpu" {
  description = "Taint and label the serving nodes as GPU nodes (choose a GPU VM size)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags on the node pool."
  type        = map(string)
  default     = {}
}
