import { SignupForm } from '@/components/signup-form';

export default function SignupPage() {
  return (
    <>
      <h1>Create an account</h1>
      <SignupForm />
    </>
  );
}
