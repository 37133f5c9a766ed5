# The serving node pool of an existing GKE cluster: spot VMs and a GPU when chosen. Spot nodes are
# tainted cloud.google.com/gke-spot=true (GKE labels them, the taint keeps other pods off) and GPU
# nodes nvidia.com/gpu=present; the chart's values tolerate exactly these.
provider "google" {
  project = var.project
  region  = var.region
}

resource "google_container_node_pool" "serving" {
  name     = "${var.cluster_name}-serving"
  project  = var.project
  location = var.region
  cluster  = var.cluster_name

  autoscaling {
    min_node_count = var.serving_min_nodes
    max_node_count = var.serving_max_nodes
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  node_config {
    machine_type = var.machine_type
    spot         = var.spot
    disk_size_gb = 50
    oauth_scopes = ["https://www.googleapis.com/auth/cloud-platform"]

    labels = merge(
      { "pipewright.io/pool" = "serving" },
      var.gpu ? { "pipewright.io/gpu" = "true" } : {},
    )

    dynamic "taint" {
      for_each = var.spot ? [1] : []
      content {
        key    = "cloud.google.com/gke-spot"
        value  = "true"
        effect = "NO_SCHEDULE"
      }
    }

    dynamic "guest_accelerator" {
      for_each = var.gpu ? [1] : []
      content {
        type  = var.gpu_type
        count = var.gpu_count
        gpu_driver_installation_config {
          gpu_driver_version = "DEFAULT"
        }
      }
    }

    workload_metadata_config {
      mode = "GKE_METADATA"
    }

    shielded_instance_config {
      enable_secure_boot = true
    }
  }
}
