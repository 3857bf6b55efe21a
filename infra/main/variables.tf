# ---------------------------------------------------------------- general
variable "env" {
  description = "Deployment environment; the containers run with ENV_TARGET=cloud-<env>."
  type        = string

  validation {
    condition     = contains(["dev", "test", "demo", "prod"], var.env)
    error_message = "env must be one of dev, test, demo, prod."
  }
}

variable "region" {
  description = "AWS region of the stack."
  type        = string
  default     = "us-east-1"
}

variable "name_prefix" {
  description = "Prefix of every resource name (<name_prefix>-<env>-…)."
  type        = string
  default     = "genonaut"
}

variable "tags" {
  description = "Extra tags merged into the default tags (Project, Env, ManagedBy)."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------- network
variable "vpc_cidr" {
  description = "CIDR block of the VPC."
  type        = string
  default     = "10.20.0.0/16"
}

variable "availability_zones" {
  description = "Two availability zones to spread subnets over; empty picks the region's first two."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.availability_zones) == 0 || length(var.availability_zones) == 2
    error_message = "Give exactly two availability zones, or none."
  }
}

variable "public_subnet_cidrs" {
  description = "CIDRs of the two public subnets (ALB, NAT), one per availability zone."
  type        = list(string)
  default     = ["10.20.0.0/24", "10.20.1.0/24"]

  validation {
    condition     = length(var.public_subnet_cidrs) == 2
    error_message = "Exactly two public subnet CIDRs are needed."
  }
}

variable "private_subnet_cidrs" {
  description = "CIDRs of the two private subnets (tasks, database, Redis, GPU hosts), one per availability zone."
  type        = list(string)
  default     = ["10.20.10.0/24", "10.20.11.0/24"]

  validation {
    condition     = length(var.private_subnet_cidrs) == 2
    error_message = "Exactly two private subnet CIDRs are needed."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for both private subnets (cheaper) instead of one per availability zone (survives an AZ outage)."
  type        = bool
  default     = true
}

variable "alb_ingress_cidrs" {
  description = "CIDRs allowed to reach the public load balancer on 80/443."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "certificate_arn" {
  description = "ACM certificate for an HTTPS listener. Empty serves HTTP only; when set, HTTP redirects to HTTPS."
  type        = string
  default     = ""
}

# ---------------------------------------------------------------- image and roles
variable "image_tag" {
  description = "Tag of this project's image in the stack's ECR repository (used when app_image is empty)."
  type        = string
  default     = "latest"
}

variable "app_image" {
  description = "Full image reference for the api, worker, scheduler and migrate tasks. Empty uses <ECR repository>:<image_tag>."
  type        = string
  default     = ""
}

variable "log_level" {
  description = "LOG_LEVEL of every role (trace, debug, info, warn, error)."
  type        = string
  default     = "info"
}

variable "api_public_url" {
  description = "Public URL of the site (config api.public-url), e.g. https://genonaut.example.com. Empty uses http://<ALB DNS name>."
  type        = string
  default     = ""
}

variable "api_port" {
  description = "Port the API listens on inside its task (API_PORT); the ALB forwards to it."
  type        = number
  default     = 8001
}

variable "api_cpu" {
  description = "Fargate CPU units of one API task."
  type        = number
  default     = 512
}

variable "api_memory" {
  description = "Fargate memory (MiB) of one API task."
  type        = number
  default     = 1024
}

variable "api_min_count" {
  description = "Fewest API tasks."
  type        = number
  default     = 2
}

variable "api_max_count" {
  description = "Most API tasks."
  type        = number
  default     = 6
}

variable "api_cpu_target" {
  description = "Average CPU utilisation (%) the API autoscaling keeps."
  type        = number
  default     = 60
}

variable "api_requests_per_task_target" {
  description = "ALB requests per API task per minute that the API autoscaling keeps."
  type        = number
  default     = 1000
}

variable "worker_cpu" {
  description = "Fargate CPU units of one worker task."
  type        = number
  default     = 512
}

variable "worker_memory" {
  description = "Fargate memory (MiB) of one worker task."
  type        = number
  default     = 1024
}

variable "worker_min_count" {
  description = "Fewest worker tasks."
  type        = number
  default     = 1
}

variable "worker_max_count" {
  description = "Most worker tasks."
  type        = number
  default     = 8
}

variable "worker_backlog_per_task_target" {
  description = "Queued (waiting + running) generation jobs per worker task that the worker autoscaling keeps (metric Genonaut/QueueDepth divided by running workers)."
  type        = number
  default     = 5
}

variable "queue_metric_interval_seconds" {
  description = "How often the scheduler publishes the Genonaut/QueueDepth metric the worker autoscaling reads (an EMF line in its log)."
  type        = number
  default     = 60

  validation {
    condition     = var.queue_metric_interval_seconds >= 10 && var.queue_metric_interval_seconds <= 3600 && floor(var.queue_metric_interval_seconds) == var.queue_metric_interval_seconds
    error_message = "queue_metric_interval_seconds must be a whole number of seconds from 10 to 3600."
  }
}

variable "scheduler_cpu" {
  description = "Fargate CPU units of the scheduler task (and of the one-off migrate task)."
  type        = number
  default     = 256
}

variable "scheduler_memory" {
  description = "Fargate memory (MiB) of the scheduler task (and of the one-off migrate task)."
  type        = number
  default     = 512
}

variable "enable_execute_command" {
  description = "Allow `aws ecs execute-command` into running tasks (debugging)."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------- database
variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.medium"
}

variable "db_engine_version" {
  description = "PostgreSQL major (or major.minor) version."
  type        = string
  default     = "16"
}

variable "db_allocated_storage" {
  description = "Initial database storage (GiB)."
  type        = number
  default     = 20
}

variable "db_max_allocated_storage" {
  description = "Ceiling for storage autoscaling (GiB)."
  type        = number
  default     = 200
}

variable "db_multi_az" {
  description = "Run a synchronous standby in the second availability zone."
  type        = bool
  default     = false
}

variable "db_name" {
  description = "Name of the application database."
  type        = string
  default     = "genonaut"
}

variable "db_username" {
  description = "Master user name; its password is generated and kept in Secrets Manager by RDS."
  type        = string
  default     = "genonaut"
}

variable "db_backup_retention_days" {
  description = "Days of automated backups (0 disables them)."
  type        = number
  default     = 7
}

variable "db_deletion_protection" {
  description = "Refuse to delete the database. Null means on for prod only."
  type        = bool
  default     = null
}

variable "db_statement_timeout_ms" {
  description = "Server-wide statement_timeout (ms) in the parameter group: the ceiling for any query, whatever the app sets per session."
  type        = number
  default     = 60000
}

variable "db_slow_query_log_ms" {
  description = "log_min_duration_statement (ms): statements slower than this are logged."
  type        = number
  default     = 1000
}

# ---------------------------------------------------------------- redis
variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.t4g.small"
}

variable "redis_engine_version" {
  description = "Redis engine version."
  type        = string
  default     = "7.1"
}

variable "redis_replicas" {
  description = "Read replicas besides the primary; 1 or more enables automatic failover across the two AZs."
  type        = number
  default     = 0
}

variable "redis_auth_token" {
  description = "Redis AUTH token (16-128 characters, no @ \" / or spaces). Null runs Redis with TLS but no AUTH, reachable only from the task security groups. Prefer passing it as TF_VAR_redis_auth_token."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.redis_auth_token == null || can(regex("^[^@\"/ ]{16,128}$", var.redis_auth_token))
    error_message = "redis_auth_token must be 16-128 characters without @, \", / or spaces."
  }
}

# ---------------------------------------------------------------- storage
variable "images_bucket_name" {
  description = "Name of the S3 bucket for generated images. Empty derives <name_prefix>-<env>-images-<account id>."
  type        = string
  default     = ""
}

variable "images_bucket_force_destroy" {
  description = "Let `terraform destroy` delete the images bucket with its contents."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------- comfyui gpu hosts
variable "comfyui_instance_type" {
  description = "EC2 instance type of the ComfyUI GPU hosts."
  type        = string
  default     = "g5.xlarge"
}

variable "comfyui_ami_id" {
  description = "AMI of the GPU hosts; needs Docker and the NVIDIA container runtime. Empty uses the latest ECS GPU-optimised Amazon Linux 2 AMI."
  type        = string
  default     = ""
}

variable "comfyui_image" {
  description = "ComfyUI container image run on the GPU hosts. Empty uses <comfyui ECR repository>:latest."
  type        = string
  default     = ""
}

variable "comfyui_command" {
  description = "Command run in the ComfyUI container; it must listen on 0.0.0.0:8189."
  type        = string
  default     = "python main.py --listen 0.0.0.0 --port 8189"
}

variable "comfyui_min_count" {
  description = "Fewest GPU hosts."
  type        = number
  default     = 1
}

variable "comfyui_max_count" {
  description = "Most GPU hosts."
  type        = number
  default     = 2
}

variable "comfyui_desired_count" {
  description = "GPU hosts to run now (between min and max)."
  type        = number
  default     = 1
}

variable "comfyui_volume_size_gb" {
  description = "Root volume of a GPU host (models live here), GiB."
  type        = number
  default     = 200
}

# ---------------------------------------------------------------- secrets and logs
variable "secret_recovery_window_days" {
  description = "Days a deleted Secrets Manager secret can be restored (0 deletes at once; useful for throwaway environments)."
  type        = number
  default     = 7
}

variable "extra_ssm_secrets" {
  description = "More secrets for every role: environment variable name => SSM parameter name (e.g. { HF_TOKEN = \"/genonaut/prod/HF_TOKEN\" }). The parameters must live under /<name_prefix>/<env>/."
  type        = map(string)
  default     = {}

  # The task execution role may read only that prefix.
  validation {
    condition     = alltrue([for p in values(var.extra_ssm_secrets) : startswith(p, "/${var.name_prefix}/${var.env}/")])
    error_message = "Every extra_ssm_secrets parameter must live under /<name_prefix>/<env>/."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the logs of every role."
  type        = number
  default     = 30
}

# ---------------------------------------------------------------- emulator (tests only)
variable "aws_endpoint_url" {
  description = "Custom endpoint for every AWS API this stack calls (an emulator such as moto). Empty means real AWS."
  type        = string
  default     = ""
}

variable "aws_emulator_mode" {
  description = "Skip the credential, account-id and region checks that an emulator cannot answer. Only for tests."
  type        = bool
  default     = false
}
