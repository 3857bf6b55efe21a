locals {
  # Every AWS API this stack calls; each is pointed at var.aws_endpoint_url when it is set.
  emulated_services = [
    "appautoscaling", "autoscaling", "cloudwatch", "ec2", "ecr", "ecs", "efs", "elasticache",
    "elbv2", "iam", "kms", "logs", "rds", "s3", "secretsmanager", "ssm", "sts",
  ]
}

provider "aws" {
  region = var.region

  skip_credentials_validation = var.aws_emulator_mode
  skip_requesting_account_id  = var.aws_emulator_mode
  skip_region_validation      = var.aws_emulator_mode
  skip_metadata_api_check     = var.aws_emulator_mode
  s3_use_path_style           = var.aws_emulator_mode
  # The emulator serves TLS with a self-signed certificate (TLS so that the buckets'
  # deny-insecure-transport policies hold there as they do on AWS).
  insecure = var.aws_emulator_mode

  dynamic "endpoints" {
    for_each = var.aws_endpoint_url == "" ? [] : [var.aws_endpoint_url]
    content {
      appautoscaling = endpoints.value
      autoscaling    = endpoints.value
      cloudwatch     = endpoints.value
      ec2            = endpoints.value
      ecr            = endpoints.value
      ecs            = endpoints.value
      efs            = endpoints.value
      elasticache    = endpoints.value
      elbv2          = endpoints.value
      iam            = endpoints.value
      kms            = endpoints.value
      logs           = endpoints.value
      rds            = endpoints.value
      s3             = endpoints.value
      secretsmanager = endpoints.value
      ssm            = endpoints.value
      sts            = endpoints.value
    }
  }

  default_tags {
    tags = local.common_tags
  }
}
