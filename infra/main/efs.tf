# The app stores images on a filesystem path (STORAGE_DIR). API and worker tasks run on
# different hosts, so that path is an encrypted EFS volume both mount: the worker writes a
# result, any API replica serves it.
resource "aws_efs_file_system" "images" {
  creation_token   = "${local.name}-images"
  encrypted        = true
  performance_mode = "generalPurpose"
  throughput_mode  = "elastic"

  lifecycle_policy {
    transition_to_ia = "AFTER_30_DAYS"
  }

  tags = { Name = "${local.name}-images" }
}

resource "aws_efs_mount_target" "images" {
  count = 2

  file_system_id  = aws_efs_file_system.images.id
  subnet_id       = aws_subnet.private[count.index].id
  security_groups = [aws_security_group.efs.id]
}

# The container runs as uid/gid 1000 (user `node`); the access point makes every client
# that uid and roots it in /images.
resource "aws_efs_access_point" "images" {
  file_system_id = aws_efs_file_system.images.id

  posix_user {
    uid = 1000
    gid = 1000
  }

  root_directory {
    path = "/images"
    creation_info {
      owner_uid   = 1000
      owner_gid   = 1000
      permissions = "0750"
    }
  }
}
