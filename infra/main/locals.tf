data "aws_partition" "current" {}

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  name       = "${var.name_prefix}-${var.env}"
  env_target = "cloud-${var.env}"
  is_prod    = var.env == "prod"

  common_tags = merge(
    {
      Project   = var.name_prefix
      Env       = var.env
      ManagedBy = "terraform"
    },
    var.tags,
  )

  azs = length(var.availability_zones) > 0 ? var.availability_zones : slice(data.aws_availability_zones.available.names, 0, 2)

  app_image     = var.app_image != "" ? var.app_image : "${aws_ecr_repository.app.repository_url}:${var.image_tag}"
  comfyui_image = var.comfyui_image != "" ? var.comfyui_image : "${aws_ecr_repository.comfyui.repository_url}:latest"

  comfyui_port    = 8189
  storage_mount   = "/data/images"
  queue_namespace = "Genonaut"
  # The worker autoscaling (autoscaling.tf) reads <queue_namespace>/<queue_metric>{Environment=<env>};
  # the scheduler publishes exactly that (ecs.tf, queue_metric_environment).
  queue_metric = "QueueDepth"
}
