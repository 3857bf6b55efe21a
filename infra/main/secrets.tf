# Secrets reach the containers through ECS `secrets` (resolved by the task execution role at
# start), never as plain environment values in the task definition:
#   PGPASSWORD     - the RDS-managed master secret (key "password"); DATABASE_URL carries no
#                    password, and node-postgres falls back to PGPASSWORD.
#   REDIS_URL      - rediss:// URL, with the AUTH token when one is set.
#   API_SECRET_KEY - generated here; the value is written write-only, so it is not in state.
#   extra_ssm_secrets - anything else, as SSM SecureString parameters under /<prefix>/<env>/.

resource "aws_secretsmanager_secret" "api_secret_key" {
  name                    = "${var.name_prefix}/${var.env}/API_SECRET_KEY"
  description             = "Signing key of the Genonaut ${var.env} API (sessions, tokens)"
  recovery_window_in_days = var.secret_recovery_window_days
}

ephemeral "aws_secretsmanager_random_password" "api_secret_key" {
  password_length     = 64
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret_version" "api_secret_key" {
  secret_id        = aws_secretsmanager_secret.api_secret_key.id
  secret_string_wo = ephemeral.aws_secretsmanager_random_password.api_secret_key.random_password
  # Bump to rotate: the next apply writes a fresh random key.
  secret_string_wo_version = 1
}

resource "aws_secretsmanager_secret" "redis_url" {
  name                    = "${var.name_prefix}/${var.env}/REDIS_URL"
  description             = "Redis connection URL of Genonaut ${var.env}"
  recovery_window_in_days = var.secret_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "redis_url" {
  secret_id     = aws_secretsmanager_secret.redis_url.id
  secret_string = local.redis_url
}

locals {
  ssm_parameter_prefix = "/${var.name_prefix}/${var.env}/"

  app_secrets = concat(
    [
      { name = "PGPASSWORD", valueFrom = "${aws_db_instance.main.master_user_secret[0].secret_arn}:password::" },
      { name = "REDIS_URL", valueFrom = aws_secretsmanager_secret.redis_url.arn },
      { name = "API_SECRET_KEY", valueFrom = aws_secretsmanager_secret.api_secret_key.arn },
    ],
    [
      for env_name, parameter in var.extra_ssm_secrets : {
        name      = env_name
        valueFrom = "arn:${data.aws_partition.current.partition}:ssm:${var.region}:${data.aws_caller_identity.current.account_id}:parameter/${trimprefix(parameter, "/")}"
      }
    ],
  )

  secret_arns = [
    aws_db_instance.main.master_user_secret[0].secret_arn,
    aws_secretsmanager_secret.redis_url.arn,
    aws_secretsmanager_secret.api_secret_key.arn,
  ]
}
