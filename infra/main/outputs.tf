output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.main.id
}

output "public_subnet_ids" {
  description = "IDs of the two public subnets (ALB, NAT)."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "IDs of the two private subnets (tasks, data stores, GPU hosts)."
  value       = aws_subnet.private[*].id
}

output "nat_gateway_ids" {
  description = "IDs of the NAT gateways (one, or one per AZ)."
  value       = aws_nat_gateway.main[*].id
}

output "api_url" {
  description = "Public URL of the site and API (api_public_url, or http://<ALB DNS name>)."
  value       = local.public_url
}

output "alb_dns_name" {
  description = "DNS name of the public load balancer; point your domain's CNAME/alias here."
  value       = aws_lb.api.dns_name
}

output "alb_zone_id" {
  description = "Hosted zone of the load balancer, for a Route 53 alias record."
  value       = aws_lb.api.zone_id
}

output "ecr_repository_url" {
  description = "Repository of this project's image; push <url>:<image_tag> before applying."
  value       = aws_ecr_repository.app.repository_url
}

output "comfyui_ecr_repository_url" {
  description = "Repository for the ComfyUI image of the GPU hosts (used when comfyui_image is empty)."
  value       = aws_ecr_repository.comfyui.repository_url
}

output "app_image" {
  description = "Image reference every role runs."
  value       = local.app_image
}

output "ecs_cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.main.name
}

output "ecs_service_names" {
  description = "ECS service name per role (api, worker, scheduler)."
  value = {
    api       = aws_ecs_service.api.name
    worker    = aws_ecs_service.worker.name
    scheduler = aws_ecs_service.scheduler.name
  }
}

output "task_definition_arns" {
  description = "Task definition ARN per role (api, worker, scheduler, migrate)."
  value       = { for role, td in aws_ecs_task_definition.role : role => td.arn }
}

output "migrate_command" {
  description = "AWS CLI command that runs `genonaut db migrate` once as a Fargate task (run it after each deploy that adds migrations)."
  value = join(" ", [
    "aws ecs run-task",
    "--region ${var.region}",
    "--cluster ${aws_ecs_cluster.main.name}",
    "--launch-type FARGATE",
    "--task-definition ${aws_ecs_task_definition.role["migrate"].family}",
    "--network-configuration 'awsvpcConfiguration={subnets=[${join(",", aws_subnet.private[*].id)}],securityGroups=[${aws_security_group.scheduler.id}],assignPublicIp=DISABLED}'",
  ])
}

output "rds_endpoint" {
  description = "PostgreSQL endpoint (host:port)."
  value       = aws_db_instance.main.endpoint
}

output "database_url" {
  description = "DATABASE_URL given to the tasks (no password: that comes from PGPASSWORD)."
  value       = local.database_url
}

output "rds_master_secret_arn" {
  description = "Secrets Manager secret holding the RDS-managed master password (JSON keys username, password)."
  value       = aws_db_instance.main.master_user_secret[0].secret_arn
}

output "redis_endpoint" {
  description = "Primary endpoint of the Redis replication group (TLS on port 6379)."
  value       = aws_elasticache_replication_group.main.primary_endpoint_address
}

output "redis_url_secret_arn" {
  description = "Secrets Manager secret holding REDIS_URL."
  value       = aws_secretsmanager_secret.redis_url.arn
}

output "api_secret_key_secret_arn" {
  description = "Secrets Manager secret holding API_SECRET_KEY."
  value       = aws_secretsmanager_secret.api_secret_key.arn
}

output "images_bucket_name" {
  description = "S3 bucket for generated images and backups (IMAGES_BUCKET in the tasks)."
  value       = aws_s3_bucket.images.bucket
}

output "images_efs_id" {
  description = "EFS file system mounted at STORAGE_DIR (/data/images) by api and worker tasks."
  value       = aws_efs_file_system.images.id
}

output "comfyui_url" {
  description = "COMFYUI_URL given to the workers: the internal load balancer in front of the GPU hosts."
  value       = local.comfyui_url
}

output "comfyui_autoscaling_group_name" {
  description = "Auto-scaling group of the ComfyUI GPU hosts (change its desired capacity to add GPUs)."
  value       = aws_autoscaling_group.comfyui.name
}

output "log_group_names" {
  description = "CloudWatch log group per role (api, worker, scheduler, migrate, comfyui)."
  value       = { for role, group in aws_cloudwatch_log_group.role : role => group.name }
}

output "task_execution_role_arn" {
  description = "Role ECS uses to pull the image, write logs and resolve secrets."
  value       = aws_iam_role.task_execution.arn
}

output "task_role_arn" {
  description = "Role the app runs as (images bucket, EFS, ECS exec)."
  value       = aws_iam_role.task.arn
}
