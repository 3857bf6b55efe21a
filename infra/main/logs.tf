locals {
  log_groups = {
    api       = "/ecs/${local.name}/api"
    worker    = "/ecs/${local.name}/worker"
    scheduler = "/ecs/${local.name}/scheduler"
    migrate   = "/ecs/${local.name}/migrate"
    comfyui   = "/ec2/${local.name}/comfyui"
  }
}

resource "aws_cloudwatch_log_group" "role" {
  for_each = local.log_groups

  name              = each.value
  retention_in_days = var.log_retention_days
}
